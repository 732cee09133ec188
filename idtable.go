package samestory

import "github.com/cespare/xxhash/v2"

// idTable maps article ids to document numbers. It holds a 64-bit hash
// of each id and its number side by side, in open addressing with linear
// probing; the ids themselves are the documents' (a hash that matches is
// checked against the document's id). Against a map of strings, a run's
// million ids cost one trip to memory each, which a chunk's lookups can
// make together (see touch), with hashes computed in parallel beforehand,
// and hold no pointer for the garbage collector to visit at every cycle.
type idTable struct {
	slots []idSlot
	n     int
}

// idSlot is a slot of an idTable.
type idSlot struct {
	hash uint64
	doc  int32 // the document's number plus 1; 0: empty slot
}

// hashID is the hash an idTable keeps of an id.
func hashID(id string) uint64 { return xxhash.Sum64String(id) }

func newIDTable() *idTable { return &idTable{slots: make([]idSlot, 1<<10)} }

// home is where the search for an id of hash h starts.
func (t *idTable) home(h uint64) int { return int(h>>32) & (len(t.slots) - 1) }

// get returns the number of the document whose id is id, of hash h
// (hashID), and whether there is one; idOf gives a document's id.
func (t *idTable) get(id string, h uint64, idOf func(int32) string) (int32, bool) {
	mask := len(t.slots) - 1
	for i := t.home(h); t.slots[i].doc != 0; i = (i + 1) & mask {
		if s := t.slots[i]; s.hash == h && idOf(s.doc-1) == id {
			return s.doc - 1, true
		}
	}
	return 0, false
}

// put records that document doc has an id of hash h; the id must not be
// in the table already.
func (t *idTable) put(h uint64, doc int32) {
	t.insert(idSlot{hash: h, doc: doc + 1})
	t.n++
	if 2*t.n > len(t.slots) {
		old := t.slots
		t.slots = make([]idSlot, 2*len(old))
		for _, s := range old {
			if s.doc != 0 {
				t.insert(s)
			}
		}
	}
}

func (t *idTable) insert(s idSlot) {
	mask := len(t.slots) - 1
	i := t.home(s.hash)
	for t.slots[i].doc != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

// touch reads where the ids of hashes hs would be and returns what it
// read, for the caller to keep: the lookups that follow then find those
// slots in the cache, their trips to memory having overlapped.
func (t *idTable) touch(hs []uint64) int32 {
	var sum int32
	for _, h := range hs {
		sum += t.slots[t.home(h)].doc
	}
	return sum
}
