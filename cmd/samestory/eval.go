package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory/eval"
)

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("eval", pflag.ContinueOnError)
	fs.SortFlags = false
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	level := fs.String("level", "story", "with cluster gold, the partition to score: story or group (near-duplicate groups)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage:
  samestory eval [flags] OUTPUT GOLD

Scores OUTPUT, the JSON Lines written by "samestory cluster" (- for standard
input), against GOLD, a TSV file with a header line:
  - cluster gold: columns id and label (or id and one other column): B-cubed and
    pairwise precision, recall and F1, adjusted Rand index, cluster counts;
  - pair gold: columns id_a, id_b and label (DUP, SAME_EVENT or DIFFERENT): the
    share of DUP pairs in one duplicate group, of DUP and SAME_EVENT pairs in one
    story, of DIFFERENT pairs kept apart, and the pairs that went wrong.
Only articles present on both sides are scored; the missing are counted.
OUTPUT and GOLD may be plain, gzip or zstd, told apart by their first bytes
(whatever the file name).

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
		return usageError(stderr, "eval", "%s", evalMessage(err))
	}
	out, err := readAssignments(fs.Arg(0), stdin)
	if err != nil {
		failEval(stderr, err)
		return exitFail
	}
	gold, err := readGold(fs.Arg(1))
	if err != nil {
		failEval(stderr, err)
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
		failEval(stderr, err)
		return exitFail
	}
	return exitOK
}

// failEval prints an error of the eval command, without the eval package's
// own prefix (the line starts with "samestory eval:" already).
func failEval(stderr io.Writer, err error) {
	fmt.Fprintf(stderr, "samestory eval: %s\n", evalMessage(err))
}

// evalMessage is err's message without the eval package's prefix.
func evalMessage(err error) string {
	return strings.TrimPrefix(err.Error(), "eval: ")
}

// readAssignments reads a cluster output file ("-": stdin), plain, gzip or
// zstd: eval.ReadAssignments tells them apart.
func readAssignments(path string, stdin io.Reader) ([]eval.Assignment, error) {
	if path == "-" {
		return eval.ReadAssignments(stdin, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return eval.ReadAssignments(f, path)
}

// readGold reads a gold file, plain, gzip or zstd: eval.ReadGold tells them
// apart.
func readGold(path string) (*eval.Gold, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return eval.ReadGold(f, path)
}
