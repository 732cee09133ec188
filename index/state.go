package index

import (
	"encoding/binary"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/samestory/samestory/cluster"
)

// Story is what the index records about a story.
type Story struct {
	ID        string
	Seq       uint64 // creation number: lower is older
	Canonical string // id of its canonical article
	Size      int    // articles
}

// State is what an index holds, loaded for a run: the features of the
// articles the run needs (all of them, or those a Selector chose, with
// their whole stories), in first-seen order, with their stories; and,
// for all articles, their ids and stories.
type State struct {
	Docs  []cluster.Doc
	Seq   []uint64 // Seq[i] is the sequence number (first-seen order) of Docs[i]
	Story []string // Story[i] is the story id of Docs[i]
	DupOf []string // DupOf[i] is the id of Docs[i]'s near-duplicate group canonical, or ""

	Articles  int // articles in the index (loaded or not)
	Stories   map[string]*Story
	NextStory uint64 // creation number of the next new story
	Runs      uint64 // runs committed so far
	Settings  Settings

	ids map[string]uint64 // every article id → its sequence number
}

// Len returns the number of articles loaded.
func (s *State) Len() int { return len(s.Docs) }

// Has reports whether an article id is indexed (loaded or not).
func (s *State) Has(id string) bool {
	_, ok := s.ids[id]
	return ok
}

// Labels returns a story label for every article loaded (equal labels,
// same story), as samestory.History takes them: stories numbered from 0
// in the order their first article was indexed.
func (s *State) Labels() []int32 {
	l := make([]int32, len(s.Story))
	num := make(map[string]int32, len(s.Stories))
	for i, id := range s.Story {
		n, ok := num[id]
		if !ok {
			n = int32(len(num))
			num[id] = n
		}
		l[i] = n
	}
	return l
}

// StoryID returns the id of the story with creation number seq: "s" and
// seq in base 36.
func StoryID(seq uint64) string { return "s" + strconv.FormatUint(seq, 36) }

// A Selector chooses the indexed articles a run loads (see Need). Load
// shows it every indexed document once with See, then asks Wants of
// each document whose story is not wanted yet; a document it wants is
// loaded with every other article of its story.
type Selector interface {
	See(d *cluster.Doc)
	Wants(d *cluster.Doc) bool
}

// Corpus returns the stored corpus statistics, or nil when there are none
// yet.
func (ix *Index) Corpus() ([]byte, error) {
	var blob []byte
	err := ix.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bCorpus).Get(kCorpus)
		if v == nil {
			return nil
		}
		var err error
		blob, err = unpackCorpus(v)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
	return blob, nil
}

// Load reads the state of the index: the features of every article, or,
// with a Selector, of those it chooses and the other articles of their
// stories. (The selection takes three passes over the documents.)
func (ix *Index) Load(sel Selector) (*State, error) {
	st := &State{Stories: make(map[string]*Story)}
	err := ix.db.View(func(tx *bolt.Tx) error {
		var err error
		if st.Settings, err = readSettings(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		st.NextStory = max(getCount(meta, kNextStory), 1)
		st.Runs = getCount(meta, kRuns)
		n := getCount(meta, kArticles)
		st.Articles = int(n)

		err = tx.Bucket(bStories).ForEach(func(k, v []byte) error {
			s, err := decodeStory(k, v)
			if err != nil {
				return err
			}
			st.Stories[s.ID] = s
			return nil
		})
		if err != nil {
			return err
		}

		arts := tx.Bucket(bArticles)
		docs := tx.Bucket(bDocs)
		// each calls f with every document in sequence order, with its
		// article record.
		each := func(f func(seq uint64, d *cluster.Doc, a *article) error) error {
			c := docs.Cursor()
			var seq uint64
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if len(k) != 8 || binary.BigEndian.Uint64(k) != seq {
					return fmt.Errorf("document %d missing: %w", seq, errCorrupt)
				}
				d, err := cluster.ReadDoc(v)
				if err != nil {
					return fmt.Errorf("document %d: %w", seq, err)
				}
				a, err := decodeArticle(arts.Get([]byte(d.ID)))
				if err != nil {
					return fmt.Errorf("article %q: %w", d.ID, err)
				}
				if a.seq != seq {
					return fmt.Errorf("article %q: document %d, want %d: %w", d.ID, a.seq, seq, errCorrupt)
				}
				if st.Stories[a.story] == nil {
					return fmt.Errorf("article %q: unknown story %q: %w", d.ID, a.story, errCorrupt)
				}
				if err := f(seq, &d, &a); err != nil {
					return err
				}
				seq++
			}
			if seq != n {
				return fmt.Errorf("%d documents, meta says %d: %w", seq, n, errCorrupt)
			}
			return nil
		}
		keep := func(seq uint64, d *cluster.Doc, a *article) error {
			st.Docs = append(st.Docs, *d)
			st.Seq = append(st.Seq, seq)
			st.Story = append(st.Story, a.story)
			st.DupOf = append(st.DupOf, a.dupOf)
			return nil
		}
		st.ids = make(map[string]uint64, n)
		if sel == nil {
			st.Docs = make([]cluster.Doc, 0, n)
			return each(func(seq uint64, d *cluster.Doc, a *article) error {
				st.ids[d.ID] = seq
				return keep(seq, d, a)
			})
		}
		err = each(func(seq uint64, d *cluster.Doc, a *article) error {
			st.ids[d.ID] = seq
			sel.See(d)
			return nil
		})
		if err != nil {
			return err
		}
		wanted := make(map[string]bool)
		err = each(func(_ uint64, d *cluster.Doc, a *article) error {
			if !wanted[a.story] && sel.Wants(d) {
				wanted[a.story] = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		return each(func(seq uint64, d *cluster.Doc, a *article) error {
			if wanted[a.story] {
				return keep(seq, d, a)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
	ix.release()
	return st, nil
}

// article is the value of an article in the articles bucket.
type article struct {
	seq   uint64
	story string
	dupOf string
}

func (a *article) encode() []byte {
	b := appendUvarint(nil, a.seq)
	b = appendString(b, a.story)
	return appendString(b, a.dupOf)
}

func decodeArticle(v []byte) (article, error) {
	if v == nil {
		return article{}, fmt.Errorf("not in the articles bucket: %w", errCorrupt)
	}
	r := reader{b: v}
	a := article{seq: r.uvarint(), story: r.string(), dupOf: r.string()}
	if r.err != nil || len(r.b) != 0 {
		return article{}, errCorrupt
	}
	return a, nil
}

func (s *Story) encode() []byte {
	b := appendUvarint(nil, s.Seq)
	b = appendUvarint(b, uint64(s.Size))
	return appendString(b, s.Canonical)
}

func decodeStory(k, v []byte) (*Story, error) {
	r := reader{b: v}
	s := &Story{ID: string(k), Seq: r.uvarint(), Size: int(r.uvarint()), Canonical: r.string()}
	if r.err != nil || len(r.b) != 0 {
		return nil, fmt.Errorf("story %q: %w", k, errCorrupt)
	}
	return s, nil
}
