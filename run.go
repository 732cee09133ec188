package samestory

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
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
	// OnStage, when set, is told the name of every stage the job enters
	// (see Progress), from the goroutine that runs the job, as it enters
	// it.
	OnStage func(stage string)

	stage   atomic.Value // stageMark
	records atomic.Int64

	sum      Summary
	docs     []cluster.Doc
	docPos   []article.Pos
	rejected []int // Seq of rejected records, ascending
	ids      *idTable
	// What touching the ids' slots read (see idTable.touch), kept so
	// that the compiler cannot leave the loads out.
	touched  int32
	sources  map[string]string // every source read, once (see packStrings)
	df       *docFreq
	dfs      []int32 // scratch: the counts of a chunk's terms (see docFreq.add)
	nTerms   int
	bp       *shingle.Boilerplate
	common   *shingle.Common
	readDone bool

	// onRead is told about problems with inputs (see firstPass).
	onRead  func(Problem)
	xs      []*extractor
	parsers []*article.Parser

	start    time.Time
	assign   []cluster.Assignment
	hist     int      // documents from the history: the first hist of docs
	sized    bool     // docs was given room for the articles the inputs seem to hold
	prior    []int32  // story labels of the history's documents
	storyIDs []string // story ids to write, when set

	spillDocs int               // see spillDocs
	lean      bool              // the caller needs no story words after grouping
	terms     *cluster.TermFile // the story words, when kept on disk
	spillErr  error             // why they could not be
	// termsOut takes the story words of each chunk, in order, to the
	// goroutine that writes them to terms while the next chunk is read;
	// termsDone closes when it has written all.
	termsOut  chan [][]cluster.Term
	termsDone chan struct{}
	dropped   bool // Run let the features go (see dropFeatures)
}

// tempDir is where the job keeps temporary files.
func (j *Job) tempDir() string { return cmp.Or(j.cfg.Read.TempDir, os.TempDir()) }

// NewJob checks the configuration and the inputs.
func NewJob(cfg Config, inputs []string, stdin io.Reader) (*Job, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	newHasher := minhash.NewOnePermutation
	if cfg.Sketch == "minhash" {
		newHasher = minhash.New
	}
	h, err := newHasher(cfg.SignatureSize, cfg.Seed)
	if err != nil {
		return nil, err
	}
	j := &Job{cfg: cfg, hasher: h, ids: newIDTable(), df: newDocFreq(), spillDocs: spillDocs}
	j.bp = shingle.NewBoilerplate(cfg.BoilerplateRepeat, cfg.BoilerplateWords)
	j.common = shingle.NewCommon(cfg.CommonBits)
	j.setStage("starting")
	ropts := cfg.Read
	j.onRead = j.problem
	ropts.OnProblem = func(pos article.Pos, err error) error {
		j.onRead(Problem{Pos: pos, Kind: BadInput, Err: err})
		return nil
	}
	r, err := article.NewReader(inputs, stdin, ropts)
	if err != nil {
		return nil, err
	}
	j.reader = r
	return j, nil
}

// Close releases what the job holds on disk (spooled standard input,
// features kept on disk).
func (j *Job) Close() error {
	j.termsWritten()
	if j.terms != nil {
		j.terms.Close()
		j.terms = nil
	}
	return j.reader.Close()
}

// stageMark is the stage a job is in and when it began.
type stageMark struct {
	name  string
	since time.Time
}

func (j *Job) setStage(name string) {
	j.stage.Store(stageMark{name, time.Now()})
	if j.OnStage != nil {
		j.OnStage(name)
	}
}

// Progress is a snapshot of a running job.
type Progress struct {
	Stage   string        // "reading", "grouping", "writing", "done"
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
// summary tells how far it got. It is Group followed by Write, except
// that from 65,536 articles on it lets the articles' features go once
// they are grouped: Explain cannot follow it then (call Group, Write and
// Explain instead).
func (j *Job) Run(ctx context.Context, w io.Writer, keep Filter) (Summary, error) {
	if _, err := j.group(ctx, true); err != nil {
		return j.sum, err
	}
	if len(j.docs) >= j.spillDocs {
		j.dropFeatures()
	}
	return j.Write(ctx, w, keep)
}

// dropFeatures lets go of the features of the articles, which writing
// does not need: most of what a job holds.
func (j *Job) dropFeatures() {
	for i := range j.docs {
		d := &j.docs[i]
		d.Sig, d.Sample, d.Terms = nil, minhash.Sample{}, nil
	}
	j.common, j.bp = nil, nil
	j.dropped = true
	// What writing allocates then reuses that memory, rather than adding
	// to it while the collector has not yet given it back.
	debug.FreeOSMemory()
}

// Group runs the first pass over the inputs and groups the articles,
// with those of the history if one was set (see SetHistory).
func (j *Job) Group(ctx context.Context) (*Result, error) { return j.group(ctx, false) }

// spillDocs is the number of articles from which Run keeps features
// on disk while a grouping stage does not need them (see
// cluster.Options.Spill): below it, what the files would save is small.
const spillDocs = 1 << 16

// group is Group; lean tells that the caller needs no story words after
// it, so that grouping may spill features (and drop the story words) when
// there are at least j.spillDocs articles.
func (j *Job) group(ctx context.Context, lean bool) (*Result, error) {
	j.start = time.Now()
	defer func() { j.sum.Elapsed = time.Since(j.start) }()
	j.lean = lean
	if err := j.read(ctx); err != nil {
		return nil, err
	}
	if lean && len(j.docs) >= j.spillDocs {
		// Only Explain looks articles up by id after reading, and it
		// cannot follow such a run (see Run).
		j.ids = nil
	}
	j.setStage("grouping")
	o := j.clusterOptions()
	if j.hist > 0 {
		o.Prior = j.prior
	}
	if j.terms != nil {
		o.Terms, j.terms = j.terms, nil // Group closes it
	} else if lean && len(j.docs) >= j.spillDocs {
		o.Spill = j.tempDir()
	}
	assign, st, err := cluster.Group(j.docs, o)
	if err != nil {
		return nil, err
	}
	j.assign = assign
	j.sum.Cluster = st
	j.sum.countGroups(j.docs, assign, j.hist)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &Result{Docs: j.docs, Assign: assign, New: j.hist, Corpus: j.corpus()}, nil
}

// countGroups sets the summary's counts of groups and stories (and of
// articles not grouped, and undated) from the articles this run writes,
// docs[from:]: with a history (SetHistory), the history's articles are
// grouped again but not written, so its groups and stories count only
// where they take an article of this run.
func (s *Summary) countGroups(docs []cluster.Doc, assign []cluster.Assignment, from int) {
	const story, group = 1, 2
	seen := make([]uint8, len(assign)) // by canonical: counted as a story, a group
	s.DupGroups, s.Copies, s.Stories, s.Largest, s.Skipped, s.Undated = 0, 0, 0, 0, 0, 0
	for i := from; i < len(assign); i++ {
		a := &assign[i]
		if docs[i].Skip != "" {
			s.Skipped++
		}
		if !docs[i].Dated {
			s.Undated++
		}
		if seen[a.Story]&story == 0 {
			seen[a.Story] |= story
			s.Stories++
		}
		s.Largest = max(s.Largest, a.StorySize)
		g := -1
		switch {
		case a.DupOf >= 0:
			s.Copies++
			g = a.DupOf
		case a.Copies > 0:
			g = i
		}
		if g >= 0 && seen[g]&group == 0 {
			seen[g] |= group
			s.DupGroups++
		}
	}
}

// Write runs the second pass: it writes the records of the articles read
// (not those of the history) that keep accepts to w, in input order,
// with what Group found. Group must have run.
func (j *Job) Write(ctx context.Context, w io.Writer, keep Filter) (Summary, error) {
	if j.assign == nil {
		return j.sum, errors.New("samestory: Write before Group")
	}
	if j.start.IsZero() {
		j.start = time.Now()
	}
	j.setStage("writing")
	j.records.Store(0)
	err := j.secondPass(ctx, w, j.assign, keep)
	j.setStage("done")
	// Set before the summary is returned (a deferred update would come
	// after the copy that Write returns is made).
	j.sum.Elapsed = time.Since(j.start)
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
	// Where each article was is told only in the error about a repeated
	// id, which reading gives: a million positions, with a pointer each
	// that the collector would follow again and again while grouping.
	j.docPos = nil
	return nil
}

// clusterOptions are the grouping options with what the first pass
// measured.
func (j *Job) clusterOptions() cluster.Options {
	o := j.cfg.Cluster
	o.DF, o.N, o.Workers = j.df.get, j.nTerms, j.cfg.Workers
	return o
}

// bigRecord is the size above which a record is handled at once rather
// than copied into a chunk or batch.
const bigRecord = 4 << 20

// item is what the reading goroutine of the first pass hands on: a
// record, its Raw copied, or a problem with an input.
type item struct {
	rec    article.Record
	prob   *Problem
	idHash uint64 // hashID of the article's id, once parsed
	noText bool   // parsed, the record has no text (a title at most)
}

// firstPass reads the inputs and computes every article's features. One
// goroutine reads records (raw, unparsed) into chunks of bounded size
// while the workers parse and analyse the chunk before; see process.
func (j *Job) firstPass(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []item) // one chunk read while one is analysed
	readErr := make(chan error, 1)
	var cur []item
	curBytes := 0
	// Problems with inputs go into the chunk, so that they are told in
	// input order, by the goroutine that tells the others.
	j.onRead = func(p Problem) { cur = append(cur, item{prob: &p}) }
	go func() {
		defer close(chunks)
		var big *article.Parser
		// The records of a chunk are copied into one buffer, and two
		// buffers take turns: a buffer is filled again only once the
		// chunk after its last one has been taken, that is once its last
		// chunk has been analysed.
		var bufs [2][]byte
		buf := 0
		send := func() error {
			select {
			case chunks <- cur:
				cur, curBytes = nil, 0
				buf ^= 1
				bufs[buf] = bufs[buf][:0]
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		err := j.reader.Each(false, func(rec *article.Record) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			j.records.Add(1)
			r := *rec
			if len(rec.Raw) > bigRecord {
				// A huge record is parsed at once and its text cut to what
				// is analysed, so that no copy of it waits in a chunk.
				if big == nil {
					big = j.reader.NewParser()
				}
				big.Parse(&r)
				r.Raw = nil
				a := &r.Article
				a.Text = strings.Clone(clip(a.Text, j.cfg.AnalyseBytes))
				a.Title = strings.Clone(clip(a.Title, j.cfg.AnalyseBytes))
			} else {
				b := bufs[buf]
				if cap(b)-len(b) < len(rec.Raw) {
					// A new block; the records before keep theirs. A small
					// one first, so that small inputs stay small, then one
					// a whole chunk fits in, kept from chunk to chunk.
					size := 1 << 20
					if cap(b) > 0 {
						size = min(j.cfg.ChunkBytes, 64<<20) + bigRecord
					}
					b = make([]byte, 0, max(size, len(rec.Raw)))
				}
				n := len(b)
				b = append(b, rec.Raw...)
				bufs[buf], r.Raw = b, b[n:len(b):len(b)]
			}
			if cur == nil {
				cur = make([]item, 0, min(j.cfg.ChunkArticles, 1<<15))
			}
			cur = append(cur, item{rec: r})
			curBytes += len(r.Raw)
			if len(cur) >= j.cfg.ChunkArticles || curBytes >= j.cfg.ChunkBytes {
				return send()
			}
			return nil
		})
		if err == nil && len(cur) > 0 {
			err = send()
		}
		readErr <- err
	}()
	for ch := range chunks {
		if ctx.Err() == nil {
			j.process(ctx, ch)
		}
	}
	j.termsWritten()
	j.onRead = j.problem
	j.xs, j.parsers = nil, nil // their buffers are not needed any more
	j.sources = nil
	if err := <-readErr; err != nil {
		return err
	}
	if j.spillErr != nil {
		return j.spillErr
	}
	return ctx.Err()
}

// docID returns the id of document d.
func (j *Job) docID(d int32) string { return j.docs[d].ID }

// uniqueID returns id with the first suffix "#2", "#3", ... that no
// article read so far has.
func (j *Job) uniqueID(id string) string {
	for k := 2; ; k++ {
		u := id + "#" + strconv.Itoa(k)
		if _, taken := j.ids.get(u, hashID(u), j.docID); !taken {
			return u
		}
	}
}

func (j *Job) reject(seq int, p Problem) {
	j.rejected = append(j.rejected, seq)
	j.problem(p)
}

// process parses a chunk of records and computes the features of its
// articles, in stages: parsing and normalisation in parallel; checks,
// problems and boilerplate counting in input order; features in
// parallel; word rarity and common-shingle counting in input order;
// signatures and story words in parallel. The steps in input order make
// the result independent of the number of workers.
func (j *Job) process(ctx context.Context, ch []item) {
	n := len(ch)
	W := j.cfg.Workers
	if j.xs == nil {
		j.xs = make([]*extractor, W)
		j.parsers = make([]*article.Parser, W)
		for w := range W {
			j.xs[w] = newExtractor(&j.cfg, j.hasher)
			j.parsers[w] = j.reader.NewParser()
		}
	}
	for _, x := range j.xs {
		x.resetChunk()
	}
	j.sizeDocs(ch)
	preps := make([]prepared, n)
	// The room the chunk's documents may take is touched here, on all
	// cores: the first touch of memory fresh from the system is a page
	// fault, which the loop below that takes the articles in order would
	// otherwise take on one core (0.15 to 0.5 s of a run of the million).
	docRoom, posRoom, before := j.docs[:cap(j.docs)], j.docPos[:cap(j.docPos)], len(j.docs)
	parallel(W, n, func(w, i int) {
		if k := before + i; k < len(docRoom) && k < len(posRoom) {
			docRoom[k], posRoom[k] = cluster.Doc{}, article.Pos{}
		}
		it := &ch[i]
		if it.prob != nil {
			return
		}
		title, text := j.parsers[w].ParseText(&it.rec)
		it.rec.Raw = nil
		if it.rec.Err == nil {
			it.idHash = hashID(it.rec.Article.ID)
			it.noText = len(text) == 0
			x := j.xs[w]
			preps[i] = x.prepare(title, text)
			// Hashed here, in parallel, for the counting below.
			p := &preps[i]
			p.shortLines = x.shings.keep(j.bp.ShortLineHashes(x.shings.free(len(p.lines)), p.lines, p.words))
			it.rec.Article.Text, it.rec.Article.Title = "", ""
		}
	})
	if ctx.Err() != nil {
		return
	}

	j.packStrings(ch)

	// In input order: count, reject, number the documents. Where the ids
	// would be in the table is read first, for all at once.
	hs := make([]uint64, 0, n)
	for i := range ch {
		if it := &ch[i]; it.prob == nil && it.rec.Err == nil {
			hs = append(hs, it.idHash)
		}
	}
	j.touched += j.ids.touch(hs)
	idx := make([]int, n) // document of item i, or -1
	for i := range ch {
		idx[i] = -1
		if ctx.Err() != nil {
			// Stopped (--strict at a problem, or interrupted): the rest of
			// the chunk is not read.
			return
		}
		it := &ch[i]
		if it.prob != nil {
			j.problem(*it.prob)
			continue
		}
		rec := &it.rec
		j.sum.Read++
		if rec.Err != nil {
			j.reject(rec.Seq, Problem{Pos: rec.Pos, Kind: Rejected, Err: rec.Err})
			continue
		}
		a := &rec.Article
		if first, dup := j.ids.get(a.ID, it.idHash, j.docID); dup {
			switch {
			case int(first) < j.hist:
				err := keyedError{"already indexed", fmt.Sprintf("already indexed: id %q was grouped by an earlier run", a.ID)}
				j.reject(rec.Seq, Problem{Pos: rec.Pos, Kind: Rejected, ID: a.ID, Err: err})
				continue
			case j.cfg.UniqueIDs:
				a.ID = j.uniqueID(a.ID)
				it.idHash = hashID(a.ID)
				j.sum.Renamed++
			default:
				err := fmt.Errorf("duplicate id %q (first at %s; --unique-ids makes ids unique instead)", a.ID, j.docPos[first])
				j.reject(rec.Seq, Problem{Pos: rec.Pos, Kind: Rejected, ID: a.ID, Err: err})
				continue
			}
		}
		if a.DateErr != nil {
			j.problem(Problem{Pos: rec.Pos, Kind: BadDate, ID: a.ID, Err: a.DateErr})
		}
		if it.noText {
			j.sum.NoText++
		}
		d := len(j.docs)
		idx[i] = d
		j.ids.put(it.idHash, int32(d))
		doc := cluster.Doc{ID: a.ID, Source: a.Source}
		if !a.Published.IsZero() {
			doc.Time, doc.Dated = a.Published.Unix(), true
		}
		j.docs = append(j.docs, doc)
		j.docPos = append(j.docPos, rec.Pos)
		j.bp.ObserveHashes(preps[i].shortLines)
	}
	if ctx.Err() != nil {
		return
	}

	counts := make([][]termCount, n)
	parallel(W, n, func(w, i int) {
		if idx[i] >= 0 {
			counts[i] = j.xs[w].features(&preps[i], j.bp, &j.docs[idx[i]])
		}
	})
	// Counting is order-free: shingles and words are counted in
	// parallel, the shingles by each worker in its own part of the
	// counters.
	texts := make([][]uint64, 0, n)
	for i := range preps {
		if idx[i] >= 0 {
			texts = append(texts, preps[i].shingles)
		}
	}
	parallel(W, W, func(_, p int) {
		j.common.AddPart(texts, p, W, &j.xs[p].batch)
	})
	for _, c := range counts {
		if len(c) > 0 {
			j.nTerms++
		}
	}
	// Each term's count of articles, in the order of counts: dfs[at[i]:]
	// for counts[i].
	at := make([]int, n+1)
	for i, c := range counts {
		at[i+1] = at[i] + len(c)
	}
	j.dfs = slices.Grow(j.dfs[:0], at[n])[:at[n]]
	dfs := j.dfs
	// The table of rarities for this many articles is worked out while
	// the words are counted, rather than on one core after.
	idfs := make(chan *cluster.IDFs, 1)
	go func(n int) { idfs <- cluster.NewIDFs(n) }(j.nTerms)
	j.df.add(W, counts, dfs)
	common := max(j.cfg.CommonMin, int(j.cfg.CommonShare*float64(j.common.Texts())))
	rarity := rarities{idf: <-idfs, incremental: j.cfg.Incremental}
	// Which shingles are rare enough to sign with, looked up for the
	// chunk at once (see shingle.Common.AtMostAll), each worker for its
	// share of the texts.
	rare := make([][]bool, n)
	parallel(W, W, func(_, p int) {
		lo, hi := n*p/W, n*(p+1)/W
		x := j.xs[p]
		x.share = x.share[:0]
		for i := lo; i < hi; i++ {
			x.share = append(x.share, preps[i].shingles)
		}
		x.rare = j.common.AtMostAll(x.rare[:0], x.share, common, &x.batch)
		at := 0
		for i := lo; i < hi; i++ {
			k := len(preps[i].shingles)
			rare[i] = x.rare[at : at+k]
			at += k
		}
	})
	parallel(W, n, func(w, i int) {
		if idx[i] >= 0 {
			j.xs[w].sign(&preps[i], rare[i], &j.docs[idx[i]])
		}
		preps[i] = prepared{} // let the text go
		if counts[i] != nil {
			d := &j.docs[idx[i]]
			d.Terms, d.Rest = j.xs[w].topTerms(counts[i], dfs[at[i]:at[i+1]], j.cfg.StoryTerms, &rarity)
			counts[i] = nil
		}
	})
	j.spillTerms(idx)
}

// packStrings gives the articles of a chunk ids that share one string,
// and sources from the job's set of sources, rather than a string each:
// documents keep both to the end of the run, and the garbage collector
// visits every object that lives, at every cycle.
func (j *Job) packStrings(ch []item) {
	var parsed []*article.Article
	size := 0
	for i := range ch {
		if it := &ch[i]; it.prob == nil && it.rec.Err == nil {
			parsed = append(parsed, &it.rec.Article)
			size += len(it.rec.Article.ID)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, a := range parsed {
		b.WriteString(a.ID)
	}
	ids := b.String()
	if j.sources == nil {
		j.sources = make(map[string]string)
	}
	for _, a := range parsed {
		a.ID, ids = ids[:len(a.ID)], ids[len(a.ID):]
		if s, ok := j.sources[a.Source]; ok {
			a.Source = s
		} else {
			j.sources[a.Source] = a.Source
		}
	}
}

// sizeDocs gives the documents' arrays, once, room for as many articles
// as the inputs seem to hold, judged from the first chunk: a million
// articles appended one by one would copy their array over and over, and
// hold two copies at once while it grows. Of two guesses the larger is
// taken: the inputs' size over the chunk's bytes per record (right for
// plain text, low for compressed input), and the records per byte read
// so far (low by what the reader has read ahead). A wrong guess costs
// only room (too high) or later growth (too low).
func (j *Job) sizeDocs(ch []item) {
	if j.sized {
		return
	}
	j.sized = true
	done, total := j.reader.Progress()
	if done <= 0 || total <= done || len(ch) == 0 {
		return
	}
	raw := 0
	for i := range ch {
		raw += len(ch[i].rec.Raw)
	}
	n := float64(len(ch))
	guess := n * float64(total) / float64(done)
	if raw > 0 {
		guess = max(guess, n*float64(total)/float64(raw))
	}
	// At most one article per 64 bytes of input, whatever the guess.
	want := min(int(guess*1.05), int(total/64))
	if want > cap(j.docs)-len(j.docs) {
		j.docs = slices.Grow(j.docs, want)
		j.docPos = slices.Grow(j.docPos, want)
	}
}

// spillTerms moves the story words of the documents just read (idx, as in
// process) to disk, once a run that needs no story words after grouping
// has read spillDocs articles: from then on they wait there for the story
// stage, and memory holds signatures and samples.
func (j *Job) spillTerms(idx []int) {
	if j.terms == nil {
		if !j.lean || len(j.docs) < j.spillDocs || j.spillErr != nil {
			return
		}
		f, err := cluster.NewTermFile(j.tempDir())
		if err != nil {
			j.spillErr = fmt.Errorf("samestory: keeping story words on disk: %w", err)
			return
		}
		j.terms = f
		j.termsOut, j.termsDone = make(chan [][]cluster.Term, 1), make(chan struct{})
		go func() {
			defer close(j.termsDone)
			for batch := range j.termsOut {
				for _, ts := range batch {
					f.Add(ts)
				}
			}
		}()
		batch := make([][]cluster.Term, len(j.docs)) // this chunk's among them
		for d := range j.docs {
			batch[d], j.docs[d].Terms = j.docs[d].Terms, nil
		}
		j.termsOut <- batch
		return
	}
	batch := make([][]cluster.Term, 0, len(idx))
	for _, d := range idx {
		if d >= 0 {
			batch = append(batch, j.docs[d].Terms)
			j.docs[d].Terms = nil
		}
	}
	j.termsOut <- batch
}

// termsWritten waits until the story words spilled so far are in the
// file.
func (j *Job) termsWritten() {
	if j.termsOut != nil {
		close(j.termsOut)
		<-j.termsDone
		j.termsOut = nil
	}
}

// docFreq counts in how many articles each term occurs, exactly, in
// shards that are counted in parallel.
type docFreq struct {
	shards [dfShards]*countTable
	// sorted[p][s] holds the terms of shard s that worker p found in its
	// share of a chunk, term<<32 | place: scratch space for add, reused
	// from chunk to chunk.
	sorted [][dfShards][]uint64
}

const dfShards = 16

func newDocFreq() *docFreq {
	d := &docFreq{}
	for i := range d.shards {
		d.shards[i] = newCountTable()
	}
	return d
}

// add counts the terms of a chunk of articles, and sets dfs (as long as
// the chunk has terms, in order) to the count of each term once the
// whole chunk is counted: what ranking the terms needs, read while the
// term's shard is in the cache rather than looked up in the tables
// later, one trip to memory each.
//
// Each worker first sorts the terms of its share of the articles by
// shard, with their places in dfs; then each shard is counted, and its
// terms' counts read back, by one worker. (Each worker reading every
// term and counting those of its own shards took twice as long on two
// workers as on one: the test of whose shard a term is, a division and a
// branch that cannot be predicted, cost more than the count.)
func (d *docFreq) add(workers int, counts [][]termCount, dfs []int32) {
	workers = min(max(workers, 1), dfShards)
	if len(d.sorted) < workers {
		d.sorted = make([][dfShards][]uint64, workers)
	}
	// Worker p's share starts at the place at[p] of dfs.
	at := make([]int, workers+1)
	for p := range workers {
		at[p+1] = at[p]
		for _, c := range counts[len(counts)*p/workers : len(counts)*(p+1)/workers] {
			at[p+1] += len(c)
		}
	}
	parallel(workers, workers, func(_, p int) {
		into := &d.sorted[p]
		for s := range into {
			into[s] = into[s][:0]
		}
		place := uint64(at[p])
		for _, c := range counts[len(counts)*p/workers : len(counts)*(p+1)/workers] {
			for _, t := range c {
				s := t.term % dfShards
				into[s] = append(into[s], uint64(t.term)<<32|place)
				place++
			}
		}
	})
	parallel(workers, dfShards, func(_, s int) {
		t := d.shards[s]
		for p := range workers {
			for _, e := range d.sorted[p][s] {
				t.add(uint32(e>>32), 1)
			}
		}
		for p := range workers {
			for _, e := range d.sorted[p][s] {
				dfs[uint32(e)] = t.get(uint32(e >> 32))
			}
		}
	})
}

// get returns the number of articles holding term t.
func (d *docFreq) get(t uint32) int { return int(d.shards[t%dfShards].get(t)) }

// countTable maps uint32 keys to counts: open addressing with linear
// probing, several times cheaper than a map for the many lookups of word
// rarity. A key and its count are side by side: a lookup in a table far
// larger than the caches costs one trip to memory, not two.
type countTable struct {
	slots []countSlot
	n     int
}

// countSlot is a slot of a countTable.
type countSlot struct {
	key uint32
	val int32 // 0: empty slot (counts are positive)
}

func newCountTable() *countTable {
	return &countTable{slots: make([]countSlot, 1<<8)}
}

// home is where the search for k starts.
func (t *countTable) home(k uint32) int {
	return int(k*0x9E3779B1>>8) & (len(t.slots) - 1)
}

func (t *countTable) slot(k uint32) int {
	mask := len(t.slots) - 1
	i := t.home(k)
	for t.slots[i].val != 0 && t.slots[i].key != k {
		i = (i + 1) & mask
	}
	return i
}

// add adds n > 0 to the count of k.
func (t *countTable) add(k uint32, n int32) {
	i := t.slot(k)
	if t.slots[i].val == 0 {
		t.slots[i].key = k
		t.n++
	}
	t.slots[i].val += n
	if 2*t.n > len(t.slots) {
		old := t.slots
		t.slots = make([]countSlot, 2*len(old))
		for _, s := range old {
			if s.val != 0 {
				t.slots[t.slot(s.key)] = s
			}
		}
	}
}

// get returns the count of k (0 when absent).
func (t *countTable) get(k uint32) int32 { return t.slots[t.slot(k)].val }

// each calls f for every key with its count, in no particular order.
func (t *countTable) each(f func(k uint32, n int32)) {
	for _, s := range t.slots {
		if s.val != 0 {
			f(s.key, s.val)
		}
	}
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

// outputRecord appends to dst the output of record raw (document i): the
// record with its annotation, made in scratch, which it also returns for
// reuse.
func (j *Job) outputRecord(dst, scratch []byte, i int, assign []cluster.Assignment, pos article.Pos, raw []byte) (out, ann []byte, err error) {
	ann = j.annotation(scratch[:0], i, assign)
	out, err = article.AppendRecord(dst, raw, ann)
	if err != nil {
		return dst, ann, fmt.Errorf("samestory: %s: %w", pos, err)
	}
	return out, ann, nil
}

// secondPass reads the inputs again and writes the records that keep
// accepts to w, each with its annotation. Records to write are collected
// in batches whose output is made on the workers, then written in order,
// by one goroutine while the next batch is read: otherwise the workers
// would wait for the reader, and the reader for them.
func (j *Job) secondPass(ctx context.Context, w io.Writer, assign []cluster.Assignment, keep Filter) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	sort.Ints(j.rejected)
	rej := j.rejected
	doc := j.hist
	seen := 0
	// The records of a batch wait in one buffer, and each worker makes its
	// outputs in one buffer of its own: buffers reused from batch to
	// batch, not one allocation per record. A huge record is not copied:
	// it ends the batch, which is written before the reader goes on, while
	// the record's Raw is still valid.
	type out struct {
		doc    int
		pos    article.Pos
		lo, hi int // the record in raws, then its output in outs[w]
		w      int
		err    error
	}
	type batch struct {
		recs   []out
		raws   []byte
		big    []byte // a huge record after recs, or nil
		bigDoc int
		bigPos article.Pos
	}
	W := j.cfg.Workers
	bufs := make([][]byte, W)
	outs := make([][]byte, W)
	// put writes one record's output.
	put := func(res []byte) error {
		j.sum.Written++
		_, err := bw.Write(res)
		return err
	}
	// write writes the records of b, in order, and stops at the first
	// error, as the reader would have had it written them itself.
	write := func(b *batch) error {
		parallel(W, len(b.recs), func(w, k int) {
			o := &b.recs[k]
			lo := len(outs[w])
			outs[w], bufs[w], o.err = j.outputRecord(outs[w], bufs[w], o.doc, assign, o.pos, b.raws[o.lo:o.hi])
			o.lo, o.hi, o.w = lo, len(outs[w]), w
		})
		defer func() {
			for w := range outs {
				outs[w] = outs[w][:0]
			}
		}()
		for k := range b.recs {
			o := &b.recs[k]
			if o.err != nil {
				return o.err
			}
			if err := put(outs[o.w][o.lo:o.hi]); err != nil {
				return err
			}
		}
		if b.big == nil {
			return nil
		}
		res, _, err := j.outputRecord(nil, nil, b.bigDoc, assign, b.bigPos, b.big)
		if err != nil {
			return err
		}
		return put(res)
	}
	// The writing goroutine takes batches until the reader is done. Once a
	// batch fails, or the run is stopped, it writes no more (a batch read
	// before the stop is not written, as when the reader wrote), but still
	// takes what the reader hands it, so that the reader never waits for
	// it in vain; failed tells the reader to stop. A nil batch writes
	// nothing: taking it only tells the reader that the batches before
	// are written.
	batches := make(chan *batch)
	done := make(chan struct{})
	var werr error
	var failed atomic.Bool
	go func() {
		defer close(done)
		for b := range batches {
			if b == nil {
				continue
			}
			if werr == nil {
				if werr = ctx.Err(); werr == nil {
					werr = write(b)
				}
				if werr != nil {
					failed.Store(true)
				}
			}
			b.big = nil // the reader's, valid no longer
		}
	}()
	// The writer is stopped and waited for however the reader ends, a
	// panic in a Filter included.
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			close(batches)
			<-done
		}
	}
	defer stop()
	// Two batches take turns: one is filled while the other is written.
	// The channel is unbuffered, so a batch handed over has been taken,
	// which the writer does only once it has written the batch before:
	// the other buffer, free to be filled again.
	var bs [2]batch
	cur := &bs[0]
	send := func() {
		batches <- cur
		if cur == &bs[0] {
			cur = &bs[1]
		} else {
			cur = &bs[0]
		}
		cur.recs, cur.raws = cur.recs[:0], cur.raws[:0]
	}
	errStopped := errors.New("samestory: writing stopped") // replaced by werr
	err := j.reader.Each(false, func(rec *article.Record) error {
		if failed.Load() {
			return errStopped
		}
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
		if len(rec.Raw) > bigRecord {
			// A huge record is written at once, after the records before,
			// not copied into a batch.
			cur.big, cur.bigDoc, cur.bigPos = rec.Raw, i, rec.Pos
			send()
			batches <- nil
			if failed.Load() {
				return errStopped
			}
			return nil
		}
		cur.recs = append(cur.recs, out{doc: i, pos: rec.Pos, lo: len(cur.raws), hi: len(cur.raws) + len(rec.Raw)})
		cur.raws = append(cur.raws, rec.Raw...)
		if len(cur.recs) >= 4096 || len(cur.raws) >= 32<<20 {
			send()
		}
		return nil
	})
	if err == nil && len(cur.recs) > 0 {
		send()
	}
	stop()
	// What was written before a stop is flushed whatever stopped it, so
	// that the output holds exactly the records counted as written, each
	// of them whole.
	ferr := bw.Flush()
	// A batch that failed held records read before whatever stopped the
	// reader: its error comes first, as it did when the reader wrote.
	if werr != nil {
		return werr
	}
	if err != nil {
		return err
	}
	if seen != j.sum.Read {
		return fmt.Errorf("samestory: inputs changed between passes: %d records then, %d now", j.sum.Read, seen)
	}
	return ferr
}
