package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/index"
)

// clusterIndex is cluster's --index: the run groups its articles with
// the indexed articles they can be linked with, writes the new articles'
// records with stable story ids and commits the new state. A nil
// *clusterIndex (dedup) or one without a directory runs as without an
// index.
type clusterIndex struct {
	dir         string
	emitChanges bool

	ix       *index.Index
	cfg      samestory.Config
	settings index.Settings
	corpus   []byte // the stored corpus statistics, marshalled
	line     string // the closing account of the index
}

func addIndexFlags(fs *pflag.FlagSet) *clusterIndex {
	x := &clusterIndex{}
	fs.StringVar(&x.dir, "index", "", "group the articles together with everything indexed in `DIR` before, with stable story ids, and add them to it (created if needed)")
	fs.BoolVar(&x.emitChanges, "emit-changes", false, "with --index: after the new records, write one record per earlier article whose story id or story canonical changed")
	return x
}

// open opens the index before the run, checks its settings and sets what
// the configuration needs for it; it returns the exit code to stop with,
// or -1 to go on.
func (x *clusterIndex) open(stderr io.Writer, cmd string, cfg *samestory.Config) int {
	if x == nil {
		return -1
	}
	if x.dir == "" {
		if x.emitChanges {
			return usageError(stderr, cmd, "--emit-changes needs --index DIR")
		}
		return -1
	}
	cfg.Incremental = true
	x.cfg = *cfg
	x.settings = index.SettingsOf(cfg)
	ix, err := index.Open(x.dir, index.Options{})
	if err != nil {
		failf(stderr, cmd, err)
		return exitFail
	}
	var mm *index.MismatchError
	if err := ix.Check(x.settings); errors.As(err, &mm) {
		ix.Close()
		return usageError(stderr, cmd, "%v", err)
	} else if err != nil {
		ix.Close()
		failf(stderr, cmd, err)
		return exitFail
	}
	if x.corpus, err = ix.Corpus(); err != nil {
		ix.Close()
		failf(stderr, cmd, err)
		return exitFail
	}
	x.ix = ix
	return -1
}

// close releases the index.
func (x *clusterIndex) close() {
	if x != nil && x.ix != nil {
		x.ix.Close()
	}
}

// newCorpus returns the stored corpus statistics, or nil for a new index.
// Each job needs its own: a job goes on counting in them.
func (x *clusterIndex) newCorpus() (*samestory.Corpus, error) {
	if x.corpus == nil {
		return nil, nil
	}
	c := new(samestory.Corpus)
	if err := c.UnmarshalBinary(x.corpus); err != nil {
		return nil, fmt.Errorf("index %s: %w", x.dir, err)
	}
	return c, nil
}

// need reads the batch in a job of its own, with the index's corpus
// statistics, for the features of its articles (exactly those the run
// computes), and returns the Selector of the indexed articles they need
// (see index.Need). It returns nil, to load everything, when the inputs
// cannot be read twice by two jobs (standard input) or the job fails
// (the run itself then meets and reports the same problem).
func (x *clusterIndex) need(ctx context.Context, inputs []string, indexed func(string) bool) *index.Need {
	for _, in := range inputs {
		if in == "-" {
			return nil
		}
	}
	job, err := samestory.NewJob(x.cfg, inputs, nil)
	if err != nil {
		return nil
	}
	defer job.Close()
	c, err := x.newCorpus()
	if err != nil {
		return nil
	}
	if err := job.SetHistory(&samestory.History{Corpus: c}); err != nil {
		return nil
	}
	res, err := job.Group(ctx)
	if err != nil {
		return nil
	}
	n := index.NewNeed(res.Docs, &x.cfg.Cluster, indexed)
	if n.All() {
		return nil
	}
	return n
}

// run runs the job: with an index, it groups the job's articles with the
// indexed ones they need, writes the new records to w (and the changes
// to out), and commits. The records are written before the commit: a
// run that dies in between leaves the index as it was, and rerunning the
// batch writes the same records with the same story ids.
func (x *clusterIndex) run(ctx context.Context, job *samestory.Job, w, out io.Writer, keep samestory.Filter, inputs []string) (samestory.Summary, error) {
	if x == nil || x.ix == nil {
		return job.Run(ctx, w, keep)
	}
	started := time.Now()
	// Which indexed articles the batch needs: a first job reads the batch
	// for its features; then those articles are loaded, with their
	// stories, and the run groups them with the batch.
	ids, err := x.ix.IDs()
	if err != nil {
		return samestory.Summary{}, err
	}
	var sel index.Selector
	if len(ids) > 0 {
		if n := x.need(ctx, inputs, func(id string) bool { return ids[id] }); n != nil {
			sel = n
		}
	}
	ids = nil
	runtime.GC() // the first job's memory, for the second
	st, err := x.ix.Load(sel)
	if err != nil {
		return samestory.Summary{}, err
	}
	c, err := x.newCorpus()
	if err != nil {
		return samestory.Summary{}, err
	}
	if err := job.SetHistory(&samestory.History{Docs: st.Docs, Stories: st.Labels(), Corpus: c}); err != nil {
		return samestory.Summary{}, err
	}
	res, err := job.Group(ctx)
	if err != nil {
		// The job's summary so far: Write before a finished Group
		// returns it at once (and writes nothing, with this filter).
		sum, _ := job.Write(ctx, io.Discard, func(*cluster.Assignment, int) bool { return false })
		return sum, err
	}
	u, err := index.Plan(st, res.Docs, res.Assign, res.New)
	if err != nil {
		return samestory.Summary{}, err
	}
	if err := job.SetStoryIDs(u.StoryIDs); err != nil {
		return samestory.Summary{}, err
	}
	sum, err := job.Write(ctx, w, keep)
	if err != nil {
		return sum, err
	}
	if x.emitChanges {
		if err := writeChanges(out, u.Changes); err != nil {
			return sum, err
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	already := sum.Reasons[alreadyIndexed]
	loaded := fmt.Sprintf("grouped with %d of %d indexed articles", len(st.Docs), st.Articles)
	if u.First == len(u.Docs) {
		x.line = fmt.Sprintf("index %s: nothing new (%d already indexed); unchanged, %d articles in %d stories",
			x.dir, already, st.Articles, len(st.Stories))
		return sum, nil
	}
	blob, err := res.Corpus.MarshalBinary()
	if err != nil {
		return sum, err
	}
	run := index.Run{Started: started.UTC(), Inputs: inputs, Version: version,
		Read: sum.Read, AlreadyIndexed: already, Rejected: sum.Rejected - already, Loaded: len(st.Docs)}
	if err := x.ix.Commit(u, x.settings, blob, run); err != nil {
		return sum, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "index %s: added %d articles", x.dir, len(u.Docs)-u.First)
	if already > 0 {
		fmt.Fprintf(&b, " (%d already indexed)", already)
	}
	fmt.Fprintf(&b, ", %d new stories, %d merges, %d canonical changes (%d earlier articles changed)",
		u.NewStories, u.Merges, u.CanonicalChanges, len(u.Changes))
	if u.Splits > 0 {
		fmt.Fprintf(&b, ", %d stories split", u.Splits)
	}
	fmt.Fprintf(&b, "; now %d articles in %d stories; %s", u.Articles, u.Stories, loaded)
	x.line = b.String()
	return sum, nil
}

// alreadyIndexed is the summary's reason for records whose id the index
// holds.
const alreadyIndexed = "already indexed"

// summary prints the closing account of the index, after the run's.
func (x *clusterIndex) summary(stderr io.Writer, cmd string) {
	if x != nil && x.line != "" {
		fmt.Fprintf(stderr, "samestory %s: %s\n", cmd, x.line)
	}
}

// changeRecord is the record --emit-changes writes for an earlier
// article whose story id or story canonical changed.
type changeRecord struct {
	ID        string     `json:"id"`
	Samestory changeInfo `json:"samestory"`
}

type changeInfo struct {
	ID                     string   `json:"id"`
	Change                 string   `json:"change"` // merged, canonical or split
	Story                  string   `json:"story"`
	PreviousStory          string   `json:"previous_story"`
	MergedFrom             []string `json:"merged_from,omitempty"` // merged: every story id merged into story
	StorySize              int      `json:"story_size"`
	Canonical              bool     `json:"canonical"`
	StoryCanonical         string   `json:"story_canonical"`
	PreviousStoryCanonical string   `json:"previous_story_canonical"`
	DuplicateOf            *string  `json:"duplicate_of"`
}

// writeChanges writes one changeRecord per change, in first-seen order.
func writeChanges(w io.Writer, cs []index.Change) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range cs {
		c := &cs[i]
		r := changeRecord{ID: c.ID, Samestory: changeInfo{ID: c.ID, Change: c.Kind, Story: c.Story,
			PreviousStory: c.PreviousStory, MergedFrom: c.MergedFrom, StorySize: c.StorySize,
			Canonical: c.ID == c.StoryCanonical, StoryCanonical: c.StoryCanonical,
			PreviousStoryCanonical: c.PreviousCanonical, DuplicateOf: optional(c.DupOf)}}
		if err := enc.Encode(&r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// optional is nil for "", so that JSON has null.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
