package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory"
	"github.com/samestory/samestory/article"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/minhash"
	"github.com/samestory/samestory/shingle"
)

// runFlags are the flags shared by cluster and dedup.
type runFlags struct {
	fs *pflag.FlagSet

	output    string
	errors    string
	quiet     bool
	strict    bool
	workers   int
	canonical string
	shingles  string
	threshold float64
	bands     int
	rows      int
	window    time.Duration
	layouts   []string
	maxBytes  int
	cpuprof   string
	memprof   string
	cfg       samestory.Config
	report    *clusterReport // cluster's --report (nil for dedup)
	index     *clusterIndex  // cluster's --index (nil for dedup)
}

func newRunFlags(name, usageLine, about string) *runFlags {
	d := samestory.DefaultConfig()
	f := &runFlags{cfg: d}
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	f.fs = fs
	fs.SortFlags = false
	fs.StringVarP(&f.output, "output", "o", "", "write to `FILE` instead of standard output (gzip if FILE ends in .gz, zstd if in .zst)")
	fs.StringVar(&f.errors, "errors", "", "also write every problem found to `FILE`, as JSON Lines")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print neither progress nor the closing summary")
	fs.BoolVar(&f.strict, "strict", false, "stop with exit code 1 at the first record that cannot be used")
	fs.IntVar(&f.workers, "workers", runtime.GOMAXPROCS(0), "goroutines to use (the output does not depend on it)")
	fs.StringVar(&f.cpuprof, "cpuprofile", "", "write a CPU profile of the run to `FILE` (for go tool pprof)")
	fs.StringVar(&f.memprof, "memprofile", "", "write a profile of the memory in use at the end of the run to `FILE` (for go tool pprof)")

	fs.StringVar(&f.cfg.Read.Fields.ID, "id-field", "", "JSON field holding the id (default: id, _id, doc_id, ...)")
	fs.StringVar(&f.cfg.Read.Fields.Title, "title-field", "", "JSON field holding the title (default: title, headline)")
	fs.StringVar(&f.cfg.Read.Fields.Text, "text-field", "", "JSON field holding the text (default: text, content, body, ...)")
	fs.StringVar(&f.cfg.Read.Fields.Date, "date-field", "", "JSON field holding the publication date (default: published, date, published_at, date_extracted, ...)")
	fs.StringVar(&f.cfg.Read.Fields.Source, "source-field", "", "JSON field holding the outlet (default: source, site, domain, ...; else the URL's host)")
	fs.StringVar(&f.cfg.Read.Fields.URL, "url-field", "", "JSON field holding the URL (default: url, link, ...)")
	fs.StringArrayVar(&f.layouts, "date-layout", nil, "extra Go time `layout` for dates (repeatable); RFC 3339, \"2006-01-02 15:04:05\" (with or without a zone), \"2006-01-02T15:04:05\", \"2006-01-02\" and RFC 1123 are always understood")
	fs.BoolVar(&f.cfg.UniqueIDs, "unique-ids", false, "make a repeated id unique (id#2, id#3, ...) instead of rejecting the record")
	fs.IntVar(&f.maxBytes, "max-article-bytes", article.DefaultMaxRecordBytes, "reject (and report) records longer than this many `bytes`; they are never held in memory")

	fs.StringVar(&f.canonical, "canonical", "auto", "how to choose canonicals: earliest, fullest, or auto (earliest where dates exist, fullest otherwise)")
	fs.StringVar(&f.shingles, "shingle", d.Shingle.String(), "shingles for near-duplicates: word:N or char:N")
	fs.IntVar(&f.cfg.SignatureSize, "signature-size", d.SignatureSize, "MinHash values per article")
	fs.Uint64Var(&f.cfg.Seed, "seed", d.Seed, "seed of the MinHash hash family")
	fs.StringVar(&f.cfg.Sketch, "sketch", d.Sketch, "how signatures are computed: oph (one hash per shingle) or minhash (one per shingle and signature value; slower, as accurate)")
	fs.Float64Var(&f.threshold, "lsh-threshold", cluster.DefaultLSHThreshold, "Jaccard similarity the LSH bands and rows are chosen for")
	fs.IntVar(&f.bands, "bands", 0, "LSH bands (with --rows: overrides --lsh-threshold)")
	fs.IntVar(&f.rows, "rows", 0, "LSH rows per band (with --bands)")
	fs.Float64Var(&f.cfg.Cluster.Resemblance, "resemblance", d.Cluster.Resemblance, "estimated Jaccard similarity of word shingles that makes two articles copies")
	fs.Float64Var(&f.cfg.Cluster.Containment, "containment", d.Cluster.Containment, "share of the shorter article's shingles found in the longer one that makes them copies")
	fs.Float64Var(&f.cfg.Cluster.StoryThreshold, "story-threshold", d.Cluster.StoryThreshold, "average similarity at which two stories merge")
	fs.DurationVar(&f.window, "window", d.Cluster.Window, "longest time between two dated articles that can be linked in a story, or be partial copies (0: no limit)")
	fs.DurationVar(&f.cfg.Cluster.TimeScale, "time-scale", d.Cluster.TimeScale, "story similarity of dated articles fades by e for every such span beyond the first (0: no fading)")
	fs.IntVar(&f.cfg.BoilerplateRepeat, "boilerplate-repeat", d.BoilerplateRepeat, "short lines found in at least this many articles are boilerplate (0: off)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage:\n  %s\n\n%s\n\nFlags:\n%s", usageLine, about, fs.FlagUsages())
	}
	return f
}

// flagMessage is the message of a usage error from config: a value the
// library refuses is named by its package ("cluster: resemblance 1.5
// must be in (0, 1]"), which the command's own prefix makes redundant.
func flagMessage(err error) string {
	msg := err.Error()
	for _, pkg := range []string{"samestory", "article", "shingle", "minhash", "cluster"} {
		if rest, ok := strings.CutPrefix(msg, pkg+": "); ok {
			return rest
		}
	}
	return msg
}

// config turns the flags into a configuration, or a usage error.
func (f *runFlags) config() (samestory.Config, error) {
	c := f.cfg
	pol, ok := cluster.ParsePolicy(f.canonical)
	if !ok {
		return c, fmt.Errorf("--canonical %q: want auto, earliest or fullest", f.canonical)
	}
	c.Cluster.Policy = pol
	sp, err := shingle.ParseSpec(f.shingles)
	if err != nil {
		return c, err
	}
	c.Shingle = sp
	c.Cluster.Window = f.window
	if len(f.layouts) > 0 {
		c.Read.Layouts = append(append([]string{}, f.layouts...), article.DefaultLayouts()...)
	}
	if f.maxBytes < 1 {
		return c, fmt.Errorf("--max-article-bytes %d: want a positive number of bytes", f.maxBytes)
	}
	c.Read.MaxRecordBytes = f.maxBytes
	if f.workers < 1 {
		return c, fmt.Errorf("--workers %d: want at least 1", f.workers)
	}
	c.Workers = f.workers
	switch {
	case f.bands > 0 || f.rows > 0:
		if f.bands < 1 || f.rows < 1 {
			return c, errors.New("--bands and --rows go together")
		}
		c.Cluster.LSH = minhash.Params{Bands: f.bands, Rows: f.rows}
	default:
		p, err := minhash.Optimal(c.SignatureSize, f.threshold, 0.5, 0.5)
		if err != nil {
			return c, err
		}
		c.Cluster.LSH = p
	}
	return c, c.Validate()
}

func runCluster(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := newRunFlags("cluster", "samestory cluster [flags] INPUT...",
		`Reads articles from INPUTs (JSON Lines files, plain, .gz or .zst; folders of .txt
files; - for standard input), groups them into near-duplicate groups and stories,
and writes every record, in input order and unchanged, with an added object
"samestory" telling its story, whether it is the canonical, what it is a copy of,
and the evidence.

Example:
  samestory cluster testdata/seeds/ > clustered.jsonl
  samestory cluster --date-field crawled_at -o out.jsonl day1.jsonl.gz day2.jsonl.gz
  samestory cluster --report report.html -o out.jsonl crawl.jsonl.gz`)
	f.report = addReportFlags(f.fs)
	f.index = addIndexFlags(f.fs)
	return f.runWith(args, stdin, stdout, stderr, func() (samestory.Filter, bool) { return samestory.All, true })
}

// runWith runs a cluster or dedup job; filter, called once the flags are
// parsed, says which records to write (false: a bad --per value).
func (f *runFlags) runWith(args []string, stdin io.Reader, stdout, stderr io.Writer, filter func() (samestory.Filter, bool)) int {
	if code := parseFlags(f.fs, args, stdout, stderr); code >= 0 {
		return code
	}
	name := f.fs.Name()
	keep, ok := filter()
	if !ok {
		return usageError(stderr, name, "--per: want group or story")
	}
	inputs := f.fs.Args()
	if len(inputs) == 0 {
		return usageError(stderr, name, "no INPUT given (use - for standard input)")
	}
	cfg, err := f.config()
	if err != nil {
		return usageError(stderr, name, "%s", flagMessage(err))
	}
	outs := [][2]string{{"-o", f.output}, {"--errors", f.errors}, {"--cpuprofile", f.cpuprof}, {"--memprofile", f.memprof}}
	if f.report != nil {
		outs = append(outs, [2]string{"--report", f.report.path})
	}
	if code := checkOutputs(stderr, name, inputs, outs...); code >= 0 {
		return code
	}
	if code := f.index.open(stderr, name, &cfg); code >= 0 {
		return code
	}
	defer f.index.close()
	if code := f.report.open(stderr, name); code >= 0 {
		return code
	}
	defer f.report.close()

	job, err := samestory.NewJob(cfg, inputs, stdin)
	if err != nil {
		failf(stderr, name, err)
		return exitFail
	}
	defer job.Close()

	rep, err := newReporter(f.errors, stderr)
	if err != nil {
		failf(stderr, name, err)
		return exitFail
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	job.OnProblem = rep.handler(f.strict, cancel)
	intr := watchInterrupt(stderr, name, job, cancel)
	defer intr.stop()

	// The profile first: a bad profile path must fail before the output
	// is created, which would empty it.
	if f.cpuprof != "" {
		stopProf, err := startCPUProfile(f.cpuprof)
		if err != nil {
			failf(stderr, name, err)
			return exitFail
		}
		defer stopProf()
	}
	out := stdout
	var file *outFile
	if f.output != "" && f.output != "-" {
		file, err = createOut(f.output)
		if err != nil {
			failf(stderr, name, err)
			return exitFail
		}
		out = file
	}
	defer tuneGC(job)()
	defer adviseHugePages()()
	var prog *progress
	if !f.quiet {
		prog = startProgress(stderr, job)
	}
	sum, runErr := f.index.run(ctx, job, f.report.tee(out, cfg.Read, inputs), out, keep, inputs)
	if f.memprof != "" {
		if err := writeHeapProfile(f.memprof); err != nil && runErr == nil {
			runErr = err
		}
	}
	if prog != nil {
		prog.stop()
	}
	if file != nil {
		if err := file.Close(); err != nil && runErr == nil {
			runErr = err
		}
	}
	rep.flush()
	switch {
	case rep.strictStop != nil:
		fmt.Fprintf(stderr, "samestory %s: stopped by --strict at %s (%d records read)\n", name, rep.strictStop.Pos, sum.Read)
		return exitFail
	case runErr != nil && errors.Is(runErr, context.Canceled):
		fmt.Fprintf(stderr, "samestory %s: %s\n", name, intr.summary(sum, job.Progress()))
		return exitFail
	case runErr != nil:
		failf(stderr, name, runErr)
		return exitFail
	}
	if err := rep.close(); err != nil {
		failf(stderr, name, err)
		return exitFail
	}
	if err := f.report.write(); err != nil {
		failf(stderr, name, err)
		return exitFail
	}
	if !f.quiet {
		for _, w := range f.warnings(sum) {
			fmt.Fprintf(stderr, "samestory %s: warning: %s\n", name, w)
		}
		fmt.Fprintln(stderr, summaryLine(name, sum))
		f.index.summary(stderr, name)
	}
	return exitOK
}

// summaryLine is the one-line account of a run.
func summaryLine(cmd string, s samestory.Summary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "samestory %s: read %s, wrote %d", cmd, plural(s.Read, "record", "records"), s.Written)
	if dropped := s.Read - s.Rejected - s.Written; dropped > 0 {
		fmt.Fprintf(&b, " (left out %d)", dropped)
	}
	fmt.Fprintf(&b, ", rejected %d", s.Rejected)
	if s.Rejected > 0 {
		keys := make([]string, 0, len(s.Reasons))
		for k := range s.Reasons {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%d %s", s.Reasons[k], k)
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(parts, ", "))
	}
	if s.Skipped > 0 {
		fmt.Fprintf(&b, "; not grouped %d (no text)", s.Skipped)
	}
	if s.Renamed > 0 {
		fmt.Fprintf(&b, "; %s made unique", plural(s.Renamed, "repeated id", "repeated ids"))
	}
	if s.Undated > 0 {
		fmt.Fprintf(&b, "; %d undated", s.Undated)
	}
	if s.BadDates > 0 {
		fmt.Fprintf(&b, "; %s", plural(s.BadDates, "unusable date", "unusable dates"))
	}
	if s.Problems > 0 {
		fmt.Fprintf(&b, "; %s (files or parts of files not read)", plural(s.Problems, "input problem", "input problems"))
	}
	fmt.Fprintf(&b, "; %s (%s), %s (largest %d); %s",
		plural(s.DupGroups, "duplicate group", "duplicate groups"), plural(s.Copies, "copy", "copies"),
		plural(s.Stories, "story", "stories"), s.Largest, s.Elapsed.Round(time.Millisecond))
	return b.String()
}

// warnings are what a finished run's counts suggest went wrong with
// the flags: a field named by a flag that no record has (a typing
// mistake, or a nested field), or every record rejected.
func (f *runFlags) warnings(s samestory.Summary) []string {
	var ws []string
	fields := f.cfg.Read.Fields
	grouped := s.Read - s.Rejected
	switch {
	case s.Read > 0 && fields.ID != "" && s.Reasons["no id"] == s.Read:
		ws = append(ws, fmt.Sprintf("--id-field %q: no record has that field (nested fields are not read)", fields.ID))
	case s.Read > 0 && s.Rejected == s.Read:
		ws = append(ws, "every record was rejected: see the problems above (--errors FILE lists them all)")
	}
	if grouped > 0 && fields.Text != "" && s.NoText == grouped {
		ws = append(ws, fmt.Sprintf("--text-field %q: no article has text there (nested fields are not read)", fields.Text))
	}
	if grouped > 0 && fields.Date != "" && s.Undated == grouped {
		ws = append(ws, fmt.Sprintf("--date-field %q: no article has a usable date there, so all are undated (nested fields are not read)", fields.Date))
	}
	return ws
}

// plural is n and the noun: one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// reporter prints problems to stderr (the first few of each kind) and
// writes all of them to the --errors file.
type reporter struct {
	stderr     io.Writer
	file       *os.File
	enc        *json.Encoder
	shown      map[samestory.ProblemKind]int
	hidden     map[samestory.ProblemKind]int
	strictStop *samestory.Problem
}

const shownPerKind = 10

func newReporter(path string, stderr io.Writer) (*reporter, error) {
	r := &reporter{stderr: stderr, shown: map[samestory.ProblemKind]int{}, hidden: map[samestory.ProblemKind]int{}}
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		r.file = f
		r.enc = json.NewEncoder(f)
	}
	return r, nil
}

// handler returns the job's OnProblem: it reports each problem and,
// when strict, stops the run at the first that is not a bad date by
// calling cancel; problems told after that one are not reported.
func (r *reporter) handler(strict bool, cancel func()) func(samestory.Problem) {
	return func(p samestory.Problem) {
		if r.strictStop != nil {
			return // --strict stopped at an earlier one
		}
		r.problem(p)
		if strict && p.Kind != samestory.BadDate {
			r.strictStop = &p
			cancel()
		}
	}
}

func (r *reporter) problem(p samestory.Problem) {
	if r.enc != nil {
		_ = r.enc.Encode(struct {
			File   string `json:"file"`
			Line   int    `json:"line,omitempty"`
			ID     string `json:"id,omitempty"`
			Kind   string `json:"kind"`
			Reason string `json:"reason"`
		}{p.Pos.File, p.Pos.Line, p.ID, p.Kind.String(), p.Err.Error()})
	}
	if r.shown[p.Kind] < shownPerKind {
		r.shown[p.Kind]++
		fmt.Fprintf(r.stderr, "samestory: %s\n", p.Error())
	} else {
		r.hidden[p.Kind]++
	}
}

func (r *reporter) flush() {
	for _, k := range []samestory.ProblemKind{samestory.Rejected, samestory.BadDate, samestory.BadInput} {
		if n := r.hidden[k]; n > 0 {
			where := "use --errors FILE to see them all"
			if r.file != nil {
				where = "all are in " + r.file.Name()
			}
			fmt.Fprintf(r.stderr, "samestory: … and %d more %s problems (%s)\n", n, k, where)
		}
	}
}

func (r *reporter) close() error {
	if r.file == nil {
		return nil
	}
	return r.file.Close()
}
