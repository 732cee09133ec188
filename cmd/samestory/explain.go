package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/samestory/samestory"
)

func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := newRunFlags("explain", "samestory explain [flags] --pair ID_A,ID_B [--pair ...] INPUT...",
		`Reads and groups the articles of INPUTs as "samestory cluster" does (with the same
flags), then shows for each pair of article ids the evidence between them: the
resemblance and containment of their word shingles and whether that makes them
copies, their story-level similarity, the time between them, and whether they
ended up in one near-duplicate group and one story. Use it to see why two
articles were, or were not, put together, and to choose thresholds.

Example:
  samestory explain --pair 002_397a5b6dceea92fb,003_cf6fa2405558f434 testdata/seeds/`)
	pairFlags := f.fs.StringArray("pair", nil, "two article ids separated by a comma (repeatable)")
	asJSON := f.fs.Bool("json", false, "print one JSON object per pair")
	if code := parseFlags(f.fs, args, stdout, stderr); code >= 0 {
		return code
	}
	inputs := f.fs.Args()
	if len(inputs) == 0 {
		return usageError(stderr, "explain", "no INPUT given (use - for standard input)")
	}
	if len(*pairFlags) == 0 {
		return usageError(stderr, "explain", "no --pair given")
	}
	var pairs [][2]string
	for _, p := range *pairFlags {
		a, b, ok := strings.Cut(p, ",")
		if !ok || a == "" || b == "" {
			return usageError(stderr, "explain", "--pair %q: want two ids separated by a comma", p)
		}
		if a == b {
			return usageError(stderr, "explain", "--pair %q: want two different ids", p)
		}
		pairs = append(pairs, [2]string{a, b})
	}
	cfg, err := f.config()
	if err != nil {
		return usageError(stderr, "explain", "%s", flagMessage(err))
	}
	if code := checkOutputs(stderr, "explain", inputs, [2]string{"-o", f.output}, [2]string{"--errors", f.errors},
		[2]string{"--cpuprofile", f.cpuprof}, [2]string{"--memprofile", f.memprof}); code >= 0 {
		return code
	}
	job, err := samestory.NewJob(cfg, inputs, stdin)
	if err != nil {
		failf(stderr, "explain", err)
		return exitFail
	}
	defer job.Close()
	rep, err := newReporter(f.errors, stderr)
	if err != nil {
		failf(stderr, "explain", err)
		return exitFail
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	job.OnProblem = rep.handler(f.strict, cancel)
	if f.cpuprof != "" {
		stopProf, err := startCPUProfile(f.cpuprof)
		if err != nil {
			failf(stderr, "explain", err)
			return exitFail
		}
		defer stopProf()
	}
	ev, err := job.Explain(ctx, pairs)
	rep.flush()
	if rep.strictStop != nil {
		fmt.Fprintf(stderr, "samestory explain: stopped by --strict at %s\n", rep.strictStop.Pos)
		return exitFail
	}
	if err == nil {
		err = rep.close()
	}
	if err == nil && f.memprof != "" {
		err = writeHeapProfile(f.memprof)
	}
	if err != nil {
		failf(stderr, "explain", err)
		return exitFail
	}
	if err := writeOutput(f.output, stdout, func(w io.Writer) error { return writeEvidence(w, ev, *asJSON) }); err != nil {
		failf(stderr, "explain", err)
		return exitFail
	}
	return exitOK
}

// writeOutput calls write with the file path, created (and compressed by
// its name, see createOut), or with stdout when path is empty or "-".
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	file, err := createOut(path)
	if err != nil {
		return err
	}
	err = write(file)
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeEvidence writes the evidence of each pair to w: a table, or one
// JSON object per pair.
func writeEvidence(w io.Writer, ev []samestory.PairEvidence, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		for _, e := range ev {
			var hours *float64
			if !math.IsNaN(e.Hours) {
				hours = &e.Hours
			}
			if err := enc.Encode(struct {
				A           string   `json:"id_a"`
				B           string   `json:"id_b"`
				Resemblance float64  `json:"resemblance"`
				Containment float64  `json:"containment"`
				Copy        bool     `json:"copy"`
				Story       float64  `json:"story_similarity"`
				Hours       *float64 `json:"hours_apart"`
				SameGroup   bool     `json:"same_duplicate_group"`
				SameStory   bool     `json:"same_story"`
			}{e.A, e.B, round4(e.Resemblance), round4(e.Containment), e.Copy, round4(e.Story), hours, e.SameGroup, e.SameStory}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id_a\tid_b\tresemblance\tcontainment\tcopy\tstory similarity\thours apart\tsame group\tsame story")
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	for _, e := range ev {
		hours := "-"
		if !math.IsNaN(e.Hours) {
			hours = fmt.Sprintf("%.1f", e.Hours)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%s\t%.4f\t%s\t%s\t%s\n", e.A, e.B, e.Resemblance, e.Containment,
			yes(e.Copy), e.Story, hours, yes(e.SameGroup), yes(e.SameStory))
	}
	return tw.Flush()
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
