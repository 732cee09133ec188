package samestory

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/samestory/samestory/article"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/minhash"
	"github.com/samestory/samestory/shingle"
)

// Problem is something wrong with a record or an input. Rejected records
// are not written; records with a bad date are written, undated.
type Problem struct {
	Pos  article.Pos
	Kind ProblemKind
	ID   string // the record's id, when known
	Err  error
}

// ProblemKind classifies problems.
type ProblemKind int

const (
	// Rejected: the record cannot be used and is not written.
	Rejected ProblemKind = iota
	// BadDate: the record's date cannot be used; it is treated as undated.
	BadDate
	// BadInput: an input, or part of it, holds no records.
	BadInput
)

func (k ProblemKind) String() string {
	switch k {
	case Rejected:
		return "rejected"
	case BadDate:
		return "bad date"
	}
	return "bad input"
}

func (p Problem) Error() string { return fmt.Sprintf("%s: %s: %v", p.Pos, p.Kind, p.Err) }

// Filter decides which articles a run writes.
type Filter func(a *cluster.Assignment, self int) bool

// All writes every article.
func All(*cluster.Assignment, int) bool { return true }

// NotCopies writes one article per near-duplicate group: its canonical.
func NotCopies(a *cluster.Assignment, _ int) bool { return a.DupOf < 0 }

// StoryCanonicals writes one article per story.
func StoryCanonicals(a *cluster.Assignment, self int) bool { return a.Story == self }

// Job is one run over a set of inputs.
type Job struct {
	cfg    Config
	reader *article.Reader
	hasher *minhash.Hasher

	// OnProblem, when set, is told about every problem as it is found.
	OnProblem func(Problem)

	stage   atomic.Value // stageMark
	records atomic.Int64

	sum      Summary
	docs     []cluster.Doc
	docPos   []article.Pos
	rejected []int // Seq of rejected records, ascending
	ids      map[string]int32
	df       map[uint32]int32
	nTerms   int
	bp       *shingle.Boilerplate
	common   *shingle.Common
	readDone bool
}

// NewJob checks the configuration and the inputs.
func NewJob(cfg Config, inputs []string, stdin io.Reader) (*Job, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	h, err := minhash.New(cfg.SignatureSize, cfg.Seed)
	if err != nil {
		return nil, err
	}
	j := &Job{cfg: cfg, hasher: h, ids: make(map[string]int32), df: make(map[uint32]int32)}
	j.bp = shingle.NewBoilerplate(cfg.BoilerplateRepeat, cfg.BoilerplateWords)
	j.common = shingle.NewCommon(cfg.CommonBits)
	j.setStage("starting")
	ropts := cfg.Read
	ropts.OnProblem = func(pos article.Pos, err error) error {
		j.problem(Problem{Pos: pos, Kind: BadInput, Err: err})
		return nil
	}
	r, err := article.NewReader(inputs, stdin, ropts)
	if err != nil {
		return nil, err
	}
	j.reader = r
	return j, nil
}

// Close releases what the job holds on disk (spooled standard input).
func (j *Job) Close() error { return j.reader.Close() }

// stageMark is the stage a job is in and when it began.
type stageMark struct {
	name  string
	since time.Time
}

func (j *Job) setStage(name string) {
	j.stage.Store(stageMark{name, time.Now()})
}

// Progress is a snapshot of a running job.
type Progress struct {
	Stage   string        // "reading", "analysing", "grouping", "writing", "done"
	Elapsed time.Duration // time spent in this stage so far
	Records int64         // records handled in this stage
	Bytes   int64         // input bytes read in this stage
	Total   int64         // input bytes in all, or -1 when unknown
}

// Progress returns the job's progress; it is safe to call from another
// goroutine while Run runs.
func (j *Job) Progress() Progress {
	done, total := j.reader.Progress()
	m := j.stage.Load().(stageMark)
	p := Progress{Stage: m.name, Elapsed: time.Since(m.since), Records: j.records.Load(), Bytes: done, Total: total}
	return p
}

func (j *Job) problem(p Problem) {
	switch p.Kind {
	case Rejected:
		j.sum.Rejected++
		if j.sum.Reasons == nil {
			j.sum.Reasons = make(map[string]int)
		}
		j.sum.Reasons[reasonKey(p.Err)]++
	case BadDate:
		j.sum.BadDates++
	case BadInput:
		j.sum.Problems++
	}
	if j.OnProblem != nil {
		j.OnProblem(p)
	}
}

// reasonKey shortens an error to a reason class for the summary.
func reasonKey(err error) string {
	var k interface{ Key() string }
	if errors.As(err, &k) {
		return k.Key()
	}
	s := err.Error()
	for i, c := range s {
		if c == '(' || c == ':' || c == '"' {
			s = s[:i]
			break
		}
	}
	for len(s) > 0 && s[len(s)-1] == ' ' {
		s = s[:len(s)-1]
	}
	return s
}

// Run reads the inputs, groups the articles and writes the records that
// keep accepts to w, in input order. It returns what it did; on error the
// summary tells how far it got.
func (j *Job) Run(ctx context.Context, w io.Writer, keep Filter) (sum Summary, err error) {
	start := time.Now()
	defer func() {
		j.sum.Elapsed = time.Since(start)
		sum = j.sum
	}()

	if err := j.read(ctx); err != nil {
		return j.sum, err
	}
	j.setStage("grouping")
	assign, st, err := cluster.Group(j.docs, j.clusterOptions())
	if err != nil {
		return j.sum, err
	}
	j.sum.Cluster = st
	j.sum.DupGroups = st.DupGroups
	j.sum.Stories = st.Stories
	j.sum.Skipped = st.Skipped
	for i := range assign {
		if assign[i].DupOf >= 0 {
			j.sum.Copies++
		}
		j.sum.Largest = max(j.sum.Largest, assign[i].StorySize)
	}
	if err := ctx.Err(); err != nil {
		return j.sum, err
	}

	j.setStage("writing")
	j.records.Store(0)
	err = j.secondPass(ctx, w, assign, keep)
	j.setStage("done")
	return j.sum, err
}

// read runs the first pass, once.
func (j *Job) read(ctx context.Context) error {
	if j.readDone {
		return nil
	}
	j.setStage("reading")
	if err := j.firstPass(ctx); err != nil {
		return err
	}
	j.readDone = true
	return nil
}

// clusterOptions are the grouping options with what the first pass
// measured.
func (j *Job) clusterOptions() cluster.Options {
	o := j.cfg.Cluster
	o.DF, o.N, o.Workers = j.df, j.nTerms, j.cfg.Workers
	return o
}

// chunk is a batch of articles in the first pass.
type chunk struct {
	arts  []article.Article
	idx   []int // doc number of each article
	bytes int
}

func (j *Job) firstPass(ctx context.Context) error {
	var ch chunk
	err := j.reader.Each(true, func(rec *article.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		j.records.Add(1)
		j.sum.Read++
		if rec.Err != nil {
			j.reject(rec.Seq, Problem{Pos: rec.Pos, Kind: Rejected, Err: rec.Err})
			return nil
		}
		a := &rec.Article
		if first, dup := j.ids[a.ID]; dup {
			j.reject(rec.Seq, Problem{Pos: rec.Pos, Kind: Rejected, ID: a.ID,
				Err: fmt.Errorf("duplicate id %q (first at %s)", a.ID, j.docPos[first])})
			return nil
		}
		if a.DateErr != nil {
			j.problem(Problem{Pos: rec.Pos, Kind: BadDate, ID: a.ID, Err: a.DateErr})
		}
		n := len(j.docs)
		j.ids[a.ID] = int32(n)
		d := cluster.Doc{ID: a.ID, Source: a.Source}
		if !a.Published.IsZero() {
			d.Time, d.Dated = a.Published.Unix(), true
		}
		j.docs = append(j.docs, d)
		j.docPos = append(j.docPos, rec.Pos)
		ch.arts = append(ch.arts, *a)
		ch.idx = append(ch.idx, n)
		ch.bytes += len(a.Text) + len(a.Title)
		if len(ch.arts) >= j.cfg.ChunkArticles || ch.bytes >= j.cfg.ChunkBytes {
			j.setStage("analysing")
			j.process(&ch)
			j.setStage("reading")
			ch = chunk{}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(ch.arts) > 0 {
		j.setStage("analysing")
		j.process(&ch)
	}
	return nil
}

func (j *Job) reject(seq int, p Problem) {
	j.rejected = append(j.rejected, seq)
	j.problem(p)
}

// process computes the features of a chunk of articles: normalisation in
// parallel, boilerplate counting in input order, features in parallel,
// word rarity counting in input order, term selection in parallel.
func (j *Job) process(ch *chunk) {
	n := len(ch.arts)
	preps := make([]prepared, n)
	counts := make([]map[uint32]float64, n)
	xs := make([]*extractor, j.cfg.Workers)
	for w := range xs {
		xs[w] = newExtractor(&j.cfg, j.hasher)
	}
	parallel(j.cfg.Workers, n, func(w, i int) {
		preps[i] = xs[w].prepare(&ch.arts[i])
	})
	for i := range preps {
		j.bp.Observe(preps[i].lines, preps[i].words)
	}
	parallel(j.cfg.Workers, n, func(w, i int) {
		counts[i] = xs[w].features(&preps[i], j.bp, &j.docs[ch.idx[i]])
	})
	for i := range preps {
		j.common.Add(preps[i].shingles)
	}
	common := max(j.cfg.CommonMin, int(j.cfg.CommonShare*float64(j.common.Texts())))
	parallel(j.cfg.Workers, n, func(w, i int) {
		xs[w].sign(&preps[i], j.common, common, &j.docs[ch.idx[i]])
		preps[i] = prepared{} // let the text go
	})
	for _, c := range counts {
		if len(c) == 0 {
			continue
		}
		j.nTerms++
		for t := range c {
			j.df[t]++
		}
	}
	idf := func(t uint32) float64 { return cluster.IDF(j.nTerms, int(j.df[t])) }
	parallel(j.cfg.Workers, n, func(_, i int) {
		if counts[i] != nil {
			d := &j.docs[ch.idx[i]]
			d.Terms, d.Rest = topTerms(counts[i], j.cfg.StoryTerms, idf, func(t uint32) bool { return j.df[t] >= 2 })
		}
	})
}

// parallel calls f(worker, i) for i in [0, n) on the given number of
// goroutines; each i is handled once, by one worker.
func parallel(workers, n int, f func(w, i int)) {
	if workers <= 1 || n < 2 {
		for i := range n {
			f(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(w, i)
			}
		}()
	}
	wg.Wait()
}

func (j *Job) secondPass(ctx context.Context, w io.Writer, assign []cluster.Assignment, keep Filter) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	sort.Ints(j.rejected)
	rej := j.rejected
	doc := 0
	var buf, ann []byte
	seen := 0
	err := j.reader.Each(false, func(rec *article.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		j.records.Add(1)
		seen++
		if len(rej) > 0 && rej[0] == rec.Seq {
			rej = rej[1:]
			return nil
		}
		if doc >= len(j.docs) {
			return errors.New("samestory: input has more records than in the first pass")
		}
		i := doc
		doc++
		if !keep(&assign[i], i) {
			return nil
		}
		ann = j.annotation(ann[:0], i, assign)
		var err error
		buf, err = article.AppendRecord(buf[:0], rec.Raw, ann)
		if err != nil {
			return fmt.Errorf("samestory: %s: %w", rec.Pos, err)
		}
		j.sum.Written++
		_, err = bw.Write(buf)
		return err
	})
	if err != nil {
		return err
	}
	if seen != j.sum.Read {
		return fmt.Errorf("samestory: inputs changed between passes: %d records then, %d now", j.sum.Read, seen)
	}
	return bw.Flush()
}
