package eval

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Level is the predicted partition that ScoreClusters compares with the gold.
type Level int

const (
	// LevelStory partitions articles by Assignment.Story (the default).
	LevelStory Level = iota
	// LevelGroup partitions articles by Assignment.Group, the near-duplicate
	// groups.
	LevelGroup
)

// String returns "story" or "group" (or "Level(N)" for an unknown level).
func (l Level) String() string {
	switch l {
	case LevelStory:
		return "story"
	case LevelGroup:
		return "group"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// ParseLevel is the inverse of Level.String for the two known levels.
func ParseLevel(s string) (Level, error) {
	switch s {
	case "story":
		return LevelStory, nil
	case "group":
		return LevelGroup, nil
	}
	return 0, fmt.Errorf("eval: unknown level %q (want story or group)", s)
}

// key returns the predicted cluster of a at level l; an unknown level counts
// as LevelStory.
func (l Level) key(a Assignment) string {
	if l == LevelGroup {
		return a.Group
	}
	return a.Story
}

// maxExamples caps the example ids listed for each side in ClusterScores.
const maxExamples = 10

// ClusterScores compares a predicted partition with gold clusters over the
// items (article ids) present in both; clusters on either side are
// restricted to those items.
type ClusterScores struct {
	Level string `json:"level"` // "story" or "group"

	Items                   int      `json:"items"`                      // ids in both output and gold
	MissingInOutput         int      `json:"missing_in_output"`          // gold ids absent from the output
	MissingInGold           int      `json:"missing_in_gold"`            // output ids absent from the gold
	MissingInOutputExamples []string `json:"missing_in_output_examples"` // up to 10, sorted; never nil
	MissingInGoldExamples   []string `json:"missing_in_gold_examples"`   // up to 10, sorted; never nil

	PredictedClusters int `json:"predicted_clusters"`
	GoldClusters      int `json:"gold_clusters"`

	// Unordered item pairs in one predicted cluster, in one gold cluster,
	// and in both.
	PredictedPairs int64 `json:"predicted_pairs"`
	GoldPairs      int64 `json:"gold_pairs"`
	TruePairs      int64 `json:"true_pairs"`

	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`

	PairwisePrecision float64 `json:"pairwise_precision"`
	PairwiseRecall    float64 `json:"pairwise_recall"`
	PairwiseF1        float64 `json:"pairwise_f1"`

	ARI float64 `json:"ari"` // adjusted Rand index
}

// cell is one cell of the contingency table: predicted and gold cluster.
type cell struct{ pred, gold string }

// ScoreClusters scores the partition of out at level against gold (article
// id -> gold cluster label), over the ids present in both. Ids should be
// unique in out (ReadAssignments ensures it); if one repeats, its first
// assignment counts.
//
// Definitions, over the n common items:
//
//   - B-cubed (Bagga & Baldwin 1998): for each item, precision is
//     |pred cluster ∩ gold cluster| / |pred cluster| and recall is the same
//     over |gold cluster|; both are averaged over items, and F1 is the
//     harmonic mean of the averages.
//   - Pairwise: over unordered item pairs, precision = TruePairs /
//     PredictedPairs and recall = TruePairs / GoldPairs. When there are no
//     predicted pairs (all predicted clusters are singletons) precision is
//     defined as 1, and likewise recall when there are no gold pairs. F1 is
//     their harmonic mean, 0 when both are 0.
//   - ARI (Hubert & Arabie 1985): (index - expected) / (max - expected) with
//     index = TruePairs, expected = PredictedPairs*GoldPairs / C(n,2) and
//     max = (PredictedPairs+GoldPairs)/2. The denominator is 0 exactly when
//     both partitions are all singletons or both are one cluster (so they are
//     identical); ARI is then defined as 1.
//
// With no common items nothing is scored: every score is 0.
//
// Everything is computed from the contingency table in time linear in the
// number of items (plus sorting, for deterministic float sums).
func ScoreClusters(out []Assignment, gold map[string]string, level Level) ClusterScores {
	s := ClusterScores{
		Level:                   level.String(),
		MissingInOutputExamples: []string{},
		MissingInGoldExamples:   []string{},
	}
	pred := make(map[string]string, len(out)) // id -> predicted cluster
	var missingInGold []string
	for _, a := range out {
		if _, dup := pred[a.ID]; dup {
			continue
		}
		pred[a.ID] = level.key(a)
		if _, ok := gold[a.ID]; !ok {
			missingInGold = append(missingInGold, a.ID)
		}
	}
	var missingInOutput []string
	for id := range gold {
		if _, ok := pred[id]; !ok {
			missingInOutput = append(missingInOutput, id)
		}
	}
	slices.Sort(missingInOutput)
	slices.Sort(missingInGold)
	s.MissingInOutput, s.MissingInGold = len(missingInOutput), len(missingInGold)
	s.MissingInOutputExamples = append(s.MissingInOutputExamples, missingInOutput[:min(maxExamples, len(missingInOutput))]...)
	s.MissingInGoldExamples = append(s.MissingInGoldExamples, missingInGold[:min(maxExamples, len(missingInGold))]...)

	table := make(map[cell]int64)
	predSize := make(map[string]int64)
	goldSize := make(map[string]int64)
	for id, p := range pred {
		g, ok := gold[id]
		if !ok {
			continue
		}
		table[cell{p, g}]++
		predSize[p]++
		goldSize[g]++
		s.Items++
	}
	s.PredictedClusters, s.GoldClusters = len(predSize), len(goldSize)
	if s.Items == 0 {
		return s
	}

	// Integer sums are order-independent; the float sums run over sorted
	// cells so that results are bit-for-bit reproducible.
	cells := make([]cell, 0, len(table))
	for c := range table {
		cells = append(cells, c)
	}
	slices.SortFunc(cells, func(x, y cell) int {
		return cmp.Or(strings.Compare(x.pred, y.pred), strings.Compare(x.gold, y.gold))
	})
	var bp, br float64
	for _, c := range cells {
		nij := float64(table[c])
		bp += nij * nij / float64(predSize[c.pred])
		br += nij * nij / float64(goldSize[c.gold])
		s.TruePairs += choose2(table[c])
	}
	for _, a := range predSize {
		s.PredictedPairs += choose2(a)
	}
	for _, b := range goldSize {
		s.GoldPairs += choose2(b)
	}
	n := float64(s.Items)
	s.BCubedPrecision, s.BCubedRecall = bp/n, br/n
	s.BCubedF1 = harmonic(s.BCubedPrecision, s.BCubedRecall)

	s.PairwisePrecision = ratioOr1(s.TruePairs, s.PredictedPairs)
	s.PairwiseRecall = ratioOr1(s.TruePairs, s.GoldPairs)
	s.PairwiseF1 = harmonic(s.PairwisePrecision, s.PairwiseRecall)

	all := choose2(int64(s.Items))
	sp, sg := s.PredictedPairs, s.GoldPairs
	if (sp == 0 && sg == 0) || (sp == all && sg == all) {
		s.ARI = 1
	} else {
		expected := float64(sp) * float64(sg) / float64(all)
		maxIndex := float64(sp+sg) / 2
		s.ARI = (float64(s.TruePairs) - expected) / (maxIndex - expected)
	}
	return s
}

// choose2 returns k*(k-1)/2, the number of unordered pairs of k items.
func choose2(k int64) int64 { return k * (k - 1) / 2 }

// ratioOr1 returns num/den, or 1 when den is 0.
func ratioOr1(num, den int64) float64 {
	if den == 0 {
		return 1
	}
	return float64(num) / float64(den)
}

// harmonic returns the harmonic mean 2pr/(p+r), or 0 when p+r is 0.
func harmonic(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// WriteTable writes s as an aligned plain-text table, scores with 4
// decimals, in one Write call to w, and returns its error.
func (s ClusterScores) WriteTable(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 8, 2, ' ', 0)
	row := func(name, value string) { fmt.Fprintf(tw, "%s\t%s\n", name, value) }
	score := func(name string, v float64) { row(name, fmt.Sprintf("%.4f", v)) }
	row("metric", "value")
	row("level", s.Level)
	row("items", fmt.Sprint(s.Items))
	row("missing in output", missingText(s.MissingInOutput, s.MissingInOutputExamples))
	row("missing in gold", missingText(s.MissingInGold, s.MissingInGoldExamples))
	row("predicted clusters", fmt.Sprint(s.PredictedClusters))
	row("gold clusters", fmt.Sprint(s.GoldClusters))
	row("predicted pairs", fmt.Sprint(s.PredictedPairs))
	row("gold pairs", fmt.Sprint(s.GoldPairs))
	row("true pairs", fmt.Sprint(s.TruePairs))
	score("B-cubed precision", s.BCubedPrecision)
	score("B-cubed recall", s.BCubedRecall)
	score("B-cubed F1", s.BCubedF1)
	score("pairwise precision", s.PairwisePrecision)
	score("pairwise recall", s.PairwiseRecall)
	score("pairwise F1", s.PairwiseF1)
	score("adjusted Rand index", s.ARI)
	return flushTable(tw, &buf, w)
}

// flushTable flushes tw, which writes to buf, strips trailing spaces from
// every line of buf and writes the result to w in one call.
func flushTable(tw *tabwriter.Writer, buf *bytes.Buffer, w io.Writer) error {
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("eval: table: %w", err)
	}
	lines := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	var out bytes.Buffer
	for _, l := range lines {
		nl := bytes.HasSuffix(l, []byte("\n"))
		out.Write(bytes.TrimRight(bytes.TrimSuffix(l, []byte("\n")), " "))
		if nl {
			out.WriteByte('\n')
		}
	}
	if _, err := w.Write(out.Bytes()); err != nil {
		return fmt.Errorf("eval: table: %w", err)
	}
	return nil
}

// missingText renders a missing count with its examples, e.g.
// "12 (e.g. a, b, ...)".
func missingText(count int, examples []string) string {
	if count == 0 || len(examples) == 0 {
		return fmt.Sprint(count)
	}
	clean := make([]string, len(examples))
	for i, e := range examples {
		clean[i] = cellText(e)
	}
	more := ""
	if count > len(examples) {
		more = ", ..."
	}
	return fmt.Sprintf("%d (e.g. %s%s)", count, strings.Join(clean, ", "), more)
}

// cellText replaces the characters that text/tabwriter treats as cell or
// line ends with spaces, so that arbitrary ids cannot break a table.
func cellText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f':
			return ' '
		}
		return r
	}, s)
}
