package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/samestory/samestory/cluster"
)

// Stats describe an index.
type Stats struct {
	Articles  int
	Stories   int
	Largest   int   // articles in the largest story
	Runs      []Run // every run committed, oldest first
	FileBytes int64 // size of the database file on disk
	Corpus    int   // bytes of the stored corpus statistics (compressed)
	Settings  Settings
}

// Stats returns what the index holds.
func (ix *Index) Stats() (*Stats, error) {
	s := &Stats{}
	err := ix.db.View(func(tx *bolt.Tx) error {
		var err error
		if s.Settings, err = readSettings(tx); err != nil {
			return err
		}
		meta := tx.Bucket(bMeta)
		s.Articles = int(getCount(meta, kArticles))
		s.Stories = int(getCount(meta, kStories))
		s.Corpus = len(tx.Bucket(bCorpus).Get(kCorpus)) // compressed
		err = tx.Bucket(bStories).ForEach(func(k, v []byte) error {
			st, err := decodeStory(k, v)
			if err != nil {
				return err
			}
			s.Largest = max(s.Largest, st.Size)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bRuns).ForEach(func(k, v []byte) error {
			var r Run
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("run %d: %w", binary.BigEndian.Uint64(k), err)
			}
			s.Runs = append(s.Runs, r)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
	if fi, err := os.Stat(ix.Path()); err == nil {
		s.FileBytes = fi.Size()
	}
	return s, nil
}

// IDs returns the ids of all indexed articles.
func (ix *Index) IDs() (map[string]bool, error) {
	var ids map[string]bool
	err := ix.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bArticles)
		ids = make(map[string]bool, b.Stats().KeyN)
		return b.ForEach(func(k, _ []byte) error {
			ids[string(k)] = true
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
	return ids, nil
}

// Assignment is where the index puts one article.
type Assignment struct {
	Seq            uint64 // first-seen order
	ID             string
	Story          string
	StorySize      int
	StoryCanonical string // id of the story's canonical
	DupOf          string // id of its near-duplicate group canonical, or ""
}

// Canonical reports whether the article is its story's canonical.
func (a *Assignment) Canonical() bool { return a.ID == a.StoryCanonical }

// Assignments returns every article's assignment, in first-seen order.
func (ix *Index) Assignments() ([]Assignment, error) {
	var as []Assignment
	err := ix.db.View(func(tx *bolt.Tx) error {
		stories := make(map[string]*Story)
		err := tx.Bucket(bStories).ForEach(func(k, v []byte) error {
			s, err := decodeStory(k, v)
			stories[s.ID] = s
			return err
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bArticles).ForEach(func(k, v []byte) error {
			a, err := decodeArticle(v)
			if err != nil {
				return fmt.Errorf("article %q: %w", k, err)
			}
			s := stories[a.story]
			if s == nil {
				return fmt.Errorf("article %q: unknown story %q: %w", k, a.story, errCorrupt)
			}
			as = append(as, Assignment{Seq: a.seq, ID: string(k), Story: a.story, StorySize: s.Size,
				StoryCanonical: s.Canonical, DupOf: a.dupOf})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", ix.dir, err)
	}
	slices.SortFunc(as, func(a, b Assignment) int {
		switch {
		case a.Seq < b.Seq:
			return -1
		case a.Seq > b.Seq:
			return 1
		}
		return 0
	})
	return as, nil
}

// Verify checks that the index is consistent: every document has an
// article record and the other way round, in an unbroken sequence; every
// article's story exists, holds as many articles as it says and has one
// of them as canonical; the counters agree; the corpus statistics are
// there once an article is. It returns every problem found (at most a
// few dozen), joined.
func (ix *Index) Verify() error {
	var errs []error
	bad := func(format string, a ...any) {
		if len(errs) < 50 {
			errs = append(errs, fmt.Errorf(format, a...))
		}
	}
	err := ix.db.View(func(tx *bolt.Tx) error {
		for e := range tx.Check() {
			bad("bbolt: %v", e)
		}
		meta := tx.Bucket(bMeta)
		nArt := getCount(meta, kArticles)
		nStories := getCount(meta, kStories)
		next := getCount(meta, kNextStory)
		arts := tx.Bucket(bArticles)
		ids := make(map[string]uint64)
		var n uint64
		err := tx.Bucket(bDocs).ForEach(func(k, v []byte) error {
			if len(k) != 8 || binary.BigEndian.Uint64(k) != n {
				bad("document key %x: want sequence number %d", k, n)
			}
			d, err := cluster.ReadDoc(v)
			if err != nil {
				bad("document %d: %v", n, err)
			} else {
				if _, dup := ids[d.ID]; dup {
					bad("article %q indexed twice", d.ID)
				}
				ids[d.ID] = n
			}
			n++
			return nil
		})
		if err != nil {
			return err
		}
		if n != nArt {
			bad("%d documents, meta counts %d articles", n, nArt)
		}
		stories := make(map[string]*Story)
		err = tx.Bucket(bStories).ForEach(func(k, v []byte) error {
			s, err := decodeStory(k, v)
			if err != nil {
				bad("%v", err)
				return nil
			}
			if s.Seq >= next || StoryID(s.Seq) != s.ID {
				bad("story %q has creation number %d (next is %d)", s.ID, s.Seq, next)
			}
			stories[s.ID] = s
			return nil
		})
		if err != nil {
			return err
		}
		if uint64(len(stories)) != nStories {
			bad("%d stories, meta counts %d", len(stories), nStories)
		}
		size := make(map[string]int)
		story := make(map[string]string)
		var nArts uint64
		err = arts.ForEach(func(k, v []byte) error {
			nArts++
			a, err := decodeArticle(v)
			if err != nil {
				bad("article %q: %v", k, err)
				return nil
			}
			if seq, ok := ids[string(k)]; !ok || seq != a.seq {
				bad("article %q: document %d, but the documents hold it at %d (present: %v)", k, a.seq, seq, ok)
			}
			if stories[a.story] == nil {
				bad("article %q: story %q does not exist", k, a.story)
			}
			size[a.story]++
			story[string(k)] = a.story
			if a.dupOf != "" {
				if _, ok := ids[a.dupOf]; !ok {
					bad("article %q: duplicate_of %q is not indexed", k, a.dupOf)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		if nArts != nArt {
			bad("%d article records, meta counts %d", nArts, nArt)
		}
		for id, s := range stories {
			if size[id] != s.Size {
				bad("story %q: %d articles, its record says %d", id, size[id], s.Size)
			}
			if story[s.Canonical] != id {
				bad("story %q: canonical %q is not one of its articles", id, s.Canonical)
			}
		}
		if v := tx.Bucket(bCorpus).Get(kCorpus); v != nil {
			if _, err := unpackCorpus(v); err != nil {
				bad("%v", err)
			}
		} else if nArt > 0 {
			bad("no corpus statistics")
		}
		if s, err := readSettings(tx); err != nil {
			bad("%v", err)
		} else if nArt > 0 && len(s) == 0 {
			bad("no settings")
		}
		if getCount(meta, kRuns) != uint64(tx.Bucket(bRuns).Stats().KeyN) {
			bad("meta counts %d runs, %d recorded", getCount(meta, kRuns), tx.Bucket(bRuns).Stats().KeyN)
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("index %s is inconsistent: %w", ix.dir, errors.Join(errs...))
	}
	return nil
}
