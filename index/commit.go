package index

import (
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/samestory/samestory/cluster"
)

// Run is what one run did, as recorded in the index.
type Run struct {
	Seq      uint64    `json:"run"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Inputs   []string  `json:"inputs,omitempty"`
	Version  string    `json:"version,omitempty"`

	Read           int `json:"read"`            // records read
	New            int `json:"new"`             // articles added
	AlreadyIndexed int `json:"already_indexed"` // records skipped as already indexed
	Rejected       int `json:"rejected"`        // other records not used
	Loaded         int `json:"loaded"`          // indexed articles grouped with the new ones

	NewStories       int `json:"new_stories"`
	Merges           int `json:"merges"`
	CanonicalChanges int `json:"canonical_changes"`
	Changed          int `json:"changed_articles"` // earlier articles whose story or canonical changed

	Articles int `json:"articles"` // in the index after the run
	Stories  int `json:"stories"`
}

// Commit stores an update in one write transaction, with the run's
// settings (recorded by the first run, checked by the others, see
// Check), the corpus statistics and an account of the run (its Seq,
// Articles, Stories and change counts are filled in here). Either all
// of it is stored or, if the process dies or Commit fails, none.
func (ix *Index) Commit(u *Update, settings Settings, corpus []byte, run Run) error {
	if ix.readOnly {
		return fmt.Errorf("index %s: opened read-only", ix.dir)
	}
	st := u.base
	var packed []byte
	if corpus != nil {
		var err error
		if packed, err = packCorpus(corpus); err != nil {
			return fmt.Errorf("index %s: %w", ix.dir, err)
		}
	}
	err := ix.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bMeta)
		// The lock is held from Load to Commit, so nothing else can have
		// changed the index; check anyway.
		if getCount(meta, kArticles) != uint64(st.Articles) || getCount(meta, kRuns) != st.Runs {
			return fmt.Errorf("the index changed since it was loaded")
		}
		if len(st.Settings) == 0 {
			if err := writeSettings(tx, settings); err != nil {
				return err
			}
		}
		docs := tx.Bucket(bDocs)
		docs.FillPercent = 1 // keys only ever grow: pack the pages
		arts := tx.Bucket(bArticles)
		for i := u.First; i < len(u.Docs); i++ {
			seq := uint64(st.Articles + i - u.First)
			// bbolt keeps keys and values until the transaction ends:
			// no buffer can be reused.
			if err := docs.Put(seqKey(seq), cluster.AppendDoc(nil, &u.Docs[i])); err != nil {
				return err
			}
			a := article{seq: seq, story: u.StoryIDs[i], dupOf: u.DupOf[i]}
			if err := arts.Put([]byte(u.Docs[i].ID), a.encode()); err != nil {
				return err
			}
		}
		for i := range u.First {
			if st.Story[i] == u.StoryIDs[i] && st.DupOf[i] == u.DupOf[i] {
				continue
			}
			a := article{seq: st.Seq[i], story: u.StoryIDs[i], dupOf: u.DupOf[i]}
			if err := arts.Put([]byte(u.Docs[i].ID), a.encode()); err != nil {
				return err
			}
		}
		stories := tx.Bucket(bStories)
		for _, s := range u.stories {
			if p := st.Stories[s.ID]; p != nil && *p == *s {
				continue
			}
			if err := stories.Put([]byte(s.ID), s.encode()); err != nil {
				return err
			}
		}
		for _, id := range u.retired {
			if err := stories.Delete([]byte(id)); err != nil {
				return err
			}
		}
		if packed != nil {
			if err := tx.Bucket(bCorpus).Put(kCorpus, packed); err != nil {
				return err
			}
		}

		run.Seq = st.Runs + 1
		run.Articles, run.Stories = u.Articles, u.Stories
		run.New = len(u.Docs) - u.First
		run.NewStories, run.Merges, run.CanonicalChanges = u.NewStories, u.Merges, u.CanonicalChanges
		run.Changed = len(u.Changes)
		if run.Finished.IsZero() {
			run.Finished = time.Now().UTC()
		}
		rj, err := json.Marshal(run)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bRuns).Put(seqKey(run.Seq), rj); err != nil {
			return err
		}
		for _, c := range []struct {
			k []byte
			v uint64
		}{{kArticles, uint64(u.Articles)}, {kStories, uint64(u.Stories)}, {kNextStory, u.nextStory}, {kRuns, run.Seq}} {
			if err := putCount(meta, c.k, c.v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("index %s: commit: %w", ix.dir, err)
	}
	return nil
}
