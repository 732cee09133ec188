package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory/eval"
)

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("eval", pflag.ContinueOnError)
	fs.SortFlags = false
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	level := fs.String("level", "story", "with cluster gold: score the `story` partition or the near-duplicate `group` partition")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage:
  samestory eval [flags] OUTPUT GOLD

Scores OUTPUT, the JSON Lines written by "samestory cluster" (plain or .gz; - for
standard input), against GOLD, a TSV file with a header line:
  - cluster gold: columns id and label (or id and one other column): B-cubed and
    pairwise precision, recall and F1, adjusted Rand index, cluster counts;
  - pair gold: columns id_a, id_b and label (DUP, SAME_EVENT or DIFFERENT): the
    share of DUP pairs in one duplicate group, of DUP and SAME_EVENT pairs in one
    story, of DIFFERENT pairs kept apart, and the pairs that went wrong.
Only articles present on both sides are scored; the missing are counted.

Example:
  samestory cluster docs.jsonl.gz > out.jsonl
  samestory eval out.jsonl gold.tsv

Flags:
%s`, fs.FlagUsages())
	}
	if code := parseFlags(fs, args, stdout, stderr); code >= 0 {
		return code
	}
	if fs.NArg() != 2 {
		return usageError(stderr, "eval", "want OUTPUT and GOLD, got %d arguments", fs.NArg())
	}
	lvl, err := eval.ParseLevel(*level)
	if err != nil {
		return usageError(stderr, "eval", "%v", err)
	}
	out, err := readAssignments(fs.Arg(0), stdin)
	if err != nil {
		failf(stderr, "eval", err)
		return exitFail
	}
	gf, err := os.Open(fs.Arg(1))
	if err != nil {
		failf(stderr, "eval", err)
		return exitFail
	}
	defer gf.Close()
	gold, err := eval.ReadGold(gf, fs.Arg(1))
	if err != nil {
		failf(stderr, "eval", err)
		return exitFail
	}
	var report interface{ WriteTable(io.Writer) error }
	if gold.Clusters != nil {
		s := eval.ScoreClusters(out, gold.Clusters, lvl)
		report = s
	} else {
		s := eval.ScorePairs(out, gold.Pairs)
		report = s
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(report)
	} else {
		err = report.WriteTable(stdout)
	}
	if err != nil {
		failf(stderr, "eval", err)
		return exitFail
	}
	return exitOK
}

// readAssignments reads a cluster output file, gunzipping it if needed.
func readAssignments(path string, stdin io.Reader) ([]eval.Assignment, error) {
	var r io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		return eval.ReadAssignments(zr, path)
	}
	return eval.ReadAssignments(br, path)
}
