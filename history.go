package samestory

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/samestory/samestory/article"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/shingle"
)

// History is what earlier runs left, for a run that groups new articles
// together with everything seen before (see Job.SetHistory): the
// features of the articles, their stories, and the corpus statistics.
// It holds no article text.
type History struct {
	// Docs are the features of the articles seen before, in the order
	// they were first read.
	Docs []cluster.Doc
	// Stories labels each of Docs with its story: articles with equal
	// labels were in one story, and stay in one.
	Stories []int32
	// Corpus are the statistics counted over Docs; nil means none.
	Corpus *Corpus
}

// Result is what Group found.
type Result struct {
	// Docs are the features of all articles: the history's first, then
	// those read by this run.
	Docs []cluster.Doc
	// Assign is, for each of Docs, its story, group and evidence.
	Assign []cluster.Assignment
	// New is the index in Docs of the first article read by this run.
	New int
	// Corpus are the statistics over all of Docs, to keep for a later
	// run.
	Corpus *Corpus
}

// Corpus are the statistics a run counts over all the articles it has
// seen, which later runs go on counting: in how many articles each word
// occurs, which shingles are common, which short lines repeat.
type Corpus struct {
	terms  int // articles counted for word rarity
	df     *docFreq
	common *shingle.Common
	boiler []byte // the Boilerplate's saved state
}

// SetHistory makes the job group its articles together with those of an
// earlier run: the history's articles are grouped again, each of its
// stories kept whole (stories may merge, or take new articles, but never
// split), and the corpus statistics go on from the history's. Only the
// records read by this run are written. An article whose id is in the
// history is rejected as already indexed. SetHistory must be called
// before Group or Run.
func (j *Job) SetHistory(h *History) error {
	if j.readDone || len(j.docs) > 0 {
		return errors.New("samestory: SetHistory after reading")
	}
	if len(h.Stories) != len(h.Docs) {
		return fmt.Errorf("samestory: history of %d articles with %d story labels", len(h.Docs), len(h.Stories))
	}
	if c := h.Corpus; c != nil {
		if err := j.bp.UnmarshalBinary(c.boiler); err != nil {
			return fmt.Errorf("samestory: history: %w", err)
		}
		j.nTerms, j.df, j.common = c.terms, c.df, c.common
	}
	j.docs = append(j.docs[:0], h.Docs...)
	j.prior = slices.Clone(h.Stories)
	j.hist = len(h.Docs)
	j.docPos = make([]article.Pos, len(h.Docs))
	for i, d := range h.Docs {
		h := hashID(d.ID)
		if _, dup := j.ids.get(d.ID, h, j.docID); dup {
			return fmt.Errorf("samestory: history holds id %q twice", d.ID)
		}
		j.ids.put(h, int32(i))
		j.docPos[i] = article.Pos{File: "(earlier run)"}
	}
	return nil
}

// SetStoryIDs sets the story ids written in the "story" field, one per
// article of Result.Docs, in place of the id of the story's canonical
// article. Call it between Group and Write.
func (j *Job) SetStoryIDs(ids []string) error {
	if len(ids) != len(j.docs) {
		return fmt.Errorf("samestory: %d story ids for %d articles", len(ids), len(j.docs))
	}
	j.storyIDs = ids
	return nil
}

// corpus returns the job's statistics.
func (j *Job) corpus() *Corpus {
	b, _ := j.bp.AppendBinary(nil)
	return &Corpus{terms: j.nTerms, df: j.df, common: j.common, boiler: b}
}

// corpusVersion is the first byte of a saved Corpus.
const corpusVersion = 1

// MarshalBinary saves the statistics.
func (c *Corpus) MarshalBinary() ([]byte, error) {
	b := []byte{corpusVersion}
	b = binary.AppendUvarint(b, uint64(c.terms))
	var terms []uint32
	for _, m := range c.df.shards {
		m.each(func(t uint32, _ int32) { terms = append(terms, t) })
	}
	slices.Sort(terms)
	b = binary.AppendUvarint(b, uint64(len(terms)))
	for _, t := range terms {
		b = binary.LittleEndian.AppendUint32(b, t)
		b = binary.AppendUvarint(b, uint64(c.df.get(t)))
	}
	common, err := c.common.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(common)))
	b = append(b, common...)
	b = binary.AppendUvarint(b, uint64(len(c.boiler)))
	return append(b, c.boiler...), nil
}

// errCorpus reports saved statistics that cannot be read.
var errCorpus = errors.New("samestory: saved corpus statistics are corrupt")

// UnmarshalBinary restores statistics saved by MarshalBinary.
func (c *Corpus) UnmarshalBinary(b []byte) error {
	if len(b) < 1 || b[0] != corpusVersion {
		return errCorpus
	}
	b = b[1:]
	uv := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	terms, ok := uv()
	if !ok {
		return errCorpus
	}
	n, ok := uv()
	if !ok || n > uint64(len(b)/5) {
		return errCorpus
	}
	df := newDocFreq()
	for range n {
		if len(b) < 4 {
			return errCorpus
		}
		t := binary.LittleEndian.Uint32(b)
		b = b[4:]
		v, ok := uv()
		if !ok || v > 1<<31-1 {
			return errCorpus
		}
		if v > 0 {
			df.shards[t%dfShards].add(t, int32(v))
		}
	}
	blob := func() ([]byte, bool) {
		n, ok := uv()
		if !ok || n > uint64(len(b)) {
			return nil, false
		}
		x := b[:n]
		b = b[n:]
		return x, true
	}
	commonState, ok1 := blob()
	boiler, ok2 := blob()
	if !ok1 || !ok2 || len(b) != 0 {
		return errCorpus
	}
	common := shingle.NewCommon(10)
	if err := common.UnmarshalBinary(commonState); err != nil {
		return err
	}
	*c = Corpus{terms: int(terms), df: df, common: common, boiler: slices.Clone(boiler)}
	return nil
}

// keyedError is an error with a short reason key for the summary.
type keyedError struct{ key, msg string }

func (e keyedError) Error() string { return e.msg }
func (e keyedError) Key() string   { return e.key }
