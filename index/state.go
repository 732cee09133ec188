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

// State is what an index holds, loaded for a run: every article's
// features in first-seen order with its story, and the stories.
type State struct {
	Docs  []cluster.Doc
	Story []string // Story[i] is the story id of Docs[i]
	DupOf []string // DupOf[i] is the id of Docs[i]'s near-duplicate group canonical, or ""

	Stories   map[string]*Story
	NextStory uint64 // creation number of the next new story
	Runs      uint64 // runs committed so far
	Settings  Settings

	ids map[string]int // article id → position in Docs
}

// Len returns the number of articles indexed.
func (s *State) Len() int { return len(s.Docs) }

// Has reports whether an article id is indexed.
func (s *State) Has(id string) bool {
	_, ok := s.ids[id]
	return ok
}

// Labels returns a story label for every article (equal labels, same
// story), as samestory.History takes them: stories numbered from 0 in
// the order their first article was indexed.
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

// Load reads the state of the index. corpus, when not nil, is called with
// the stored corpus statistics, or nil when there are none yet.
func (ix *Index) Load(corpus func(blob []byte) error) (*State, error) {
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

		st.Docs = make([]cluster.Doc, 0, n)
		st.Story = make([]string, 0, n)
		st.DupOf = make([]string, 0, n)
		st.ids = make(map[string]int, n)
		arts := tx.Bucket(bArticles)
		c := tx.Bucket(bDocs).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq := binary.BigEndian.Uint64(k)
			if seq != uint64(len(st.Docs)) {
				return fmt.Errorf("document %d missing: %w", len(st.Docs), errCorrupt)
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
			st.ids[d.ID] = len(st.Docs)
			st.Docs = append(st.Docs, d)
			st.Story = append(st.Story, a.story)
			st.DupOf = append(st.DupOf, a.dupOf)
		}
		if uint64(len(st.Docs)) != n {
			return fmt.Errorf("%d documents, meta says %d: %w", len(st.Docs), n, errCorrupt)
		}
		if corpus == nil {
			return nil
		}
		v := tx.Bucket(bCorpus).Get(kCorpus)
		if v == nil {
			return corpus(nil)
		}
		blob, err := unpackCorpus(v)
		if err != nil {
			return err
		}
		return corpus(blob)
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
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
