package index

import (
	"math"

	"github.com/samestory/samestory/cluster"
)

// Need is the Selector of the indexed articles a batch of new articles
// can be grouped with, so that a run loads and groups those, not the
// whole history: its memory and time follow the size of the batch and of
// the time window around it, not the size of the index.
//
// An indexed article is needed when it could be linked with an article
// of the batch (see cluster.Group):
//   - it is dated within the time window (Options.Window) of a dated new
//     article: story links and partial copies need that;
//   - it shares an LSH band with a new article: a copy by resemblance,
//     which needs no window;
//   - it shares at least MinShared sampled shingles with one new
//     article, counting only shingles held by at most MaxBucket articles
//     in all (what the grouping does), whatever its date: a candidate
//     copy too;
//   - it is undated (and has text): undated articles can be linked with
//     any;
//   - its id is in the batch: the run must see it to reject the record
//     as already indexed.
//
// With a new article that has text but no date, or with no window, every
// indexed article is needed. Load adds the other articles of each needed
// article's story, since a story is grouped as a whole.
//
// What the grouping of the loaded articles cannot see, compared with
// grouping the whole history again: two indexed stories that no new
// article touches do not merge with each other, and the number of
// different texts and days holding a sampled shingle (which makes it
// weigh less, as a formula) is counted over the loaded articles only.
type Need struct {
	all    bool
	lo, hi int64 // the window around the batch's dated articles, Unix seconds
	bands  int
	rows   int
	keys   map[uint64]bool    // band keys of the batch
	values map[uint32][]int32 // sampled shingle → batch articles holding it
	counts map[uint32]int     // sampled shingle of the batch → articles holding it, batch and index
	ids    map[string]bool
	min    int // MinShared
	maxBkt int // MaxBucket (0: no limit)
	shared map[int32]int
}

// NewNeed returns the Selector for a batch of new articles (with their
// features, as a run computes them), under the grouping options o. The
// batch may hold articles that are already indexed: those ids are
// needed, and the articles themselves are not taken as new.
func NewNeed(batch []cluster.Doc, o *cluster.Options, indexed func(id string) bool) *Need {
	n := &Need{lo: math.MaxInt64, hi: math.MinInt64, bands: o.LSH.Bands, rows: o.LSH.Rows,
		keys: make(map[uint64]bool), values: make(map[uint32][]int32), counts: make(map[uint32]int),
		ids: make(map[string]bool), min: max(o.MinShared, 1), maxBkt: o.MaxBucket, shared: make(map[int32]int)}
	w := int64(o.Window.Seconds())
	for i := range batch {
		d := &batch[i]
		n.ids[d.ID] = true
		if indexed != nil && indexed(d.ID) || d.Skip != "" {
			continue
		}
		switch {
		case !d.Dated || w <= 0:
			n.all = true
		default:
			n.lo = min(n.lo, d.Time-w)
			n.hi = max(n.hi, d.Time+w)
		}
		for _, k := range n.bandKeys(d) {
			n.keys[k] = true
		}
		for _, v := range d.Sample.Values {
			n.values[v] = append(n.values[v], int32(i))
			n.counts[v]++
		}
	}
	return n
}

// All reports whether every indexed article is needed.
func (n *Need) All() bool { return n.all }

// bandKeys returns a key per LSH band of d's signature, as the grouping
// cuts it: band b is values b·rows to (b+1)·rows.
func (n *Need) bandKeys(d *cluster.Doc) []uint64 {
	if n.bands < 1 || n.rows < 1 || len(d.Sig) < n.bands*n.rows {
		return nil
	}
	keys := make([]uint64, n.bands)
	for b := range n.bands {
		h := uint64(14695981039346656037) ^ uint64(b)
		for _, v := range d.Sig[b*n.rows : (b+1)*n.rows] {
			h = (h ^ uint64(v)) * 1099511628211
			h ^= h >> 29
		}
		keys[b] = h
	}
	return keys
}

// See counts the indexed articles holding each sampled shingle of the
// batch.
func (n *Need) See(d *cluster.Doc) {
	if n.all || d.Skip != "" {
		return
	}
	for _, v := range d.Sample.Values {
		if c, ok := n.counts[v]; ok {
			n.counts[v] = c + 1
		}
	}
}

// Wants reports whether an indexed article is needed.
func (n *Need) Wants(d *cluster.Doc) bool {
	switch {
	case n.all || n.ids[d.ID]:
		return true
	case d.Skip != "":
		return false
	case !d.Dated:
		return true
	case d.Time >= n.lo && d.Time <= n.hi:
		return true
	}
	for _, k := range n.bandKeys(d) {
		if n.keys[k] {
			return true
		}
	}
	clear(n.shared)
	for _, v := range d.Sample.Values {
		if n.maxBkt > 0 && n.counts[v] > n.maxBkt {
			continue
		}
		for _, b := range n.values[v] {
			n.shared[b]++
			if n.shared[b] >= n.min {
				return true
			}
		}
	}
	return false
}
