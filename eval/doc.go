// Package eval scores a samestory clustering against gold labels.
//
// The pipeline packages (shingle, minhash, cluster) turn articles into
// near-duplicate groups and stories but know nothing about ground truth.
// Scoring is a separate concern with no home there, and it lives here so that
// users can measure thresholds on their own labelled data: run samestory,
// read its JSONL output with [ReadAssignments], read gold labels with
// [ReadGold] (both read plain, gzip or zstd input, told apart by the first
// bytes), and score with [ScoreClusters] (gold clusters) or [ScorePairs]
// (gold pairs). Both score types print a plain-text table with WriteTable and
// marshal to JSON with snake_case keys.
//
// Two kinds of gold are supported, told apart by the TSV header:
//
//   - cluster gold: a column named "id" and a label column (named "label",
//     or else the first other column, e.g. the header "id\tevent"); every id
//     belongs to exactly one gold cluster. Scored with B-cubed, pairwise
//     precision/recall/F1 and the adjusted Rand index.
//   - pair gold: columns named "id_a", "id_b" and "label" (DUP, SAME_EVENT or
//     DIFFERENT), optionally "pair" (a name) and "reason". Scored as the share
//     of pairs the clustering gets right per label.
//
// scripts/score.py computes the same figures independently from the
// definitions, as a cross-check; the package tests run it when python3 is
// installed.
package eval
