package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/minhash"
)

func runParams(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("params", pflag.ContinueOnError)
	fs.SortFlags = false
	threshold := fs.Float64("threshold", cluster.DefaultLSHThreshold, "target Jaccard similarity")
	k := fs.Int("signature-size", 128, "MinHash values per article")
	fpw := fs.Float64("fp-weight", 0.5, "weight of the false-positive probability mass")
	fnw := fs.Float64("fn-weight", 0.5, "weight of the false-negative probability mass")
	bands := fs.Int("bands", 0, "evaluate these bands (with --rows) instead of choosing")
	rows := fs.Int("rows", 0, "rows per band (with --bands)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage:
  samestory params [flags]

Shows the LSH bands × rows chosen for a target Jaccard similarity and signature
size, the false-positive and false-negative probability mass they leave, and the
probability that a pair of articles becomes a candidate at similarities 0.1 … 1.0
(the S-curve): what a threshold means, before a long run.

Example:
  samestory params --threshold 0.3 --signature-size 128

Flags:
%s`, fs.FlagUsages())
	}
	if code := parseFlags(fs, args, stdout, stderr); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(stderr, "params", "unexpected argument %q", fs.Arg(0))
	}
	var p minhash.Params
	if *bands > 0 || *rows > 0 {
		p = minhash.Params{Bands: *bands, Rows: *rows}
		if err := p.Validate(*k); err != nil {
			return usageError(stderr, "params", "%s", flagMessage(err))
		}
		if !(*threshold > 0 && *threshold < 1) {
			return usageError(stderr, "params", "--threshold %v must be greater than 0 and less than 1", *threshold)
		}
	} else {
		var err error
		p, err = minhash.Optimal(*k, *threshold, *fpw, *fnw)
		if err != nil {
			return usageError(stderr, "params", "%s", flagMessage(err))
		}
	}
	type point struct {
		Similarity  float64 `json:"similarity"`
		Probability float64 `json:"probability"`
	}
	out := struct {
		Threshold     float64 `json:"threshold"`
		SignatureSize int     `json:"signature_size"`
		Bands         int     `json:"bands"`
		Rows          int     `json:"rows"`
		FalsePositive float64 `json:"false_positive"`
		FalseNegative float64 `json:"false_negative"`
		Curve         []point `json:"curve"`
	}{*threshold, *k, p.Bands, p.Rows, p.FalsePositive(*threshold), p.FalseNegative(*threshold), nil}
	for i := 1; i <= 10; i++ {
		s := float64(i) / 10
		out.Curve = append(out.Curve, point{s, p.Probability(s)})
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			failf(stderr, "params", err)
			return exitFail
		}
		return exitOK
	}
	fmt.Fprintf(stdout, "threshold %.2f, signature size %d: %s (%d of %d values used)\n",
		out.Threshold, out.SignatureSize, p, p.Bands*p.Rows, *k)
	fmt.Fprintf(stdout, "false-positive mass %.4f, false-negative mass %.4f\n\n", out.FalsePositive, out.FalseNegative)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "similarity\tP(candidate)\t\t")
	for _, pt := range out.Curve {
		bar := ""
		for range int(pt.Probability*40 + 0.5) {
			bar += "#"
		}
		fmt.Fprintf(tw, "%.1f\t%.4f\t\t%s\n", pt.Similarity, pt.Probability, bar)
	}
	if err := tw.Flush(); err != nil {
		return exitFail
	}
	return exitOK
}
