package eval_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/samestory/samestory/eval"
)

// bruteScores computes the cluster scores straight from their definitions,
// looping over items and over item pairs in O(n²), without a contingency
// table. pred and gold map the common items to their clusters.
func bruteScores(items []string, pred, gold map[string]string) (bp, br, pp, pr, ari float64) {
	n := len(items)
	// B-cubed: per item, the share of its predicted (gold) cluster that is
	// also in its gold (predicted) cluster.
	for _, i := range items {
		var inPred, inGold, inBoth int
		for _, j := range items {
			sp, sg := pred[i] == pred[j], gold[i] == gold[j]
			if sp {
				inPred++
			}
			if sg {
				inGold++
			}
			if sp && sg {
				inBoth++
			}
		}
		bp += float64(inBoth) / float64(inPred)
		br += float64(inBoth) / float64(inGold)
	}
	bp /= float64(n)
	br /= float64(n)

	// Pairs: together in both (a), apart in both (d), together in the
	// prediction, together in the gold.
	var a, d, togetherPred, togetherGold, all int
	for x := range n {
		for y := x + 1; y < n; y++ {
			i, j := items[x], items[y]
			sp, sg := pred[i] == pred[j], gold[i] == gold[j]
			all++
			switch {
			case sp && sg:
				a++
			case !sp && !sg:
				d++
			}
			if sp {
				togetherPred++
			}
			if sg {
				togetherGold++
			}
		}
	}
	pp, pr = 1, 1
	if togetherPred > 0 {
		pp = float64(a) / float64(togetherPred)
	}
	if togetherGold > 0 {
		pr = float64(a) / float64(togetherGold)
	}
	// Rand index = agreements / pairs; ARI = (RI - E[RI]) / (1 - E[RI])
	// with E[RI] the expected index under random labelling with the same
	// cluster sizes: E[a] = tp*tg/all and E[d] = all - tp - tg + E[a].
	if all == 0 {
		return bp, br, pp, pr, 1
	}
	N := float64(all)
	ri := float64(a+d) / N
	ea := float64(togetherPred) * float64(togetherGold) / N
	eri := (ea + (N - float64(togetherPred) - float64(togetherGold) + ea)) / N
	if 1-eri == 0 {
		return bp, br, pp, pr, 1
	}
	return bp, br, pp, pr, (ri - eri) / (1 - eri)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func TestScoreClustersBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 11))
	const tol = 1e-9
	for trial := range 600 {
		n := 1 + rng.IntN(60)
		kPred, kGold := 1+rng.IntN(n), 1+rng.IntN(n)
		if trial%10 == 0 {
			kPred = 1 // everything in one cluster now and then
		}
		var out []eval.Assignment
		gold := map[string]string{}
		pred := map[string]string{}
		var items []string
		for i := range n {
			id := fmt.Sprintf("d%03d", i)
			inOut, inGold := rng.IntN(10) > 0, rng.IntN(10) > 0 // ~10% missing per side
			story := fmt.Sprintf("s%d", rng.IntN(kPred))
			group := fmt.Sprintf("g%d", rng.IntN(kPred))
			label := fmt.Sprintf("e%d", rng.IntN(kGold))
			if inOut {
				out = append(out, eval.Assignment{ID: id, Story: story, Group: group})
			}
			if inGold {
				gold[id] = label
			}
			if inOut && inGold {
				items = append(items, id)
				pred[id] = story
			}
		}
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		level := eval.LevelStory
		if trial%3 == 0 {
			level = eval.LevelGroup
			for _, a := range out {
				if _, ok := pred[a.ID]; ok {
					pred[a.ID] = a.Group
				}
			}
		}
		s := eval.ScoreClusters(out, gold, level)
		if s.Items != len(items) {
			t.Fatalf("trial %d: items = %d, want %d", trial, s.Items, len(items))
		}
		if len(items) == 0 {
			continue
		}
		bp, br, pp, pr, ari := bruteScores(items, pred, gold)
		check := []struct {
			name      string
			got, want float64
		}{
			{"B-cubed precision", s.BCubedPrecision, bp},
			{"B-cubed recall", s.BCubedRecall, br},
			{"B-cubed F1", s.BCubedF1, f1(bp, br)},
			{"pairwise precision", s.PairwisePrecision, pp},
			{"pairwise recall", s.PairwiseRecall, pr},
			{"pairwise F1", s.PairwiseF1, f1(pp, pr)},
			{"ARI", s.ARI, ari},
		}
		for _, c := range check {
			if math.Abs(c.got-c.want) > tol || math.IsNaN(c.got) {
				t.Errorf("trial %d (n=%d, level %v): %s = %.15g, brute force %.15g", trial, len(items), level, c.name, c.got, c.want)
			}
		}
		predSet, goldSet := map[string]bool{}, map[string]bool{}
		for _, id := range items {
			predSet[pred[id]], goldSet[gold[id]] = true, true
		}
		if s.PredictedClusters != len(predSet) || s.GoldClusters != len(goldSet) {
			t.Errorf("trial %d: clusters = %d, %d; want %d, %d", trial, s.PredictedClusters, s.GoldClusters, len(predSet), len(goldSet))
		}
		var missOut, missGold []string
		for id := range gold {
			if _, ok := pred[id]; !ok {
				missOut = append(missOut, id)
			}
		}
		for _, a := range out {
			if _, ok := gold[a.ID]; !ok {
				missGold = append(missGold, a.ID)
			}
		}
		slices.Sort(missOut)
		slices.Sort(missGold)
		if s.MissingInOutput != len(missOut) || s.MissingInGold != len(missGold) ||
			!slices.Equal(s.MissingInOutputExamples, missOut[:min(10, len(missOut))]) ||
			!slices.Equal(s.MissingInGoldExamples, missGold[:min(10, len(missGold))]) {
			t.Errorf("trial %d: missing = %d %q, %d %q; want %d, %d", trial,
				s.MissingInOutput, s.MissingInOutputExamples, s.MissingInGold, s.MissingInGoldExamples, len(missOut), len(missGold))
		}
	}
}

// TestScoreClustersDeterministic checks that the scores do not depend on the
// order of the input (float sums run in a fixed order).
func TestScoreClustersDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	var out []eval.Assignment
	gold := map[string]string{}
	for i := range 500 {
		id := fmt.Sprintf("d%03d", i)
		out = append(out, eval.Assignment{ID: id, Story: fmt.Sprintf("s%d", rng.IntN(37)), Group: id})
		gold[id] = fmt.Sprintf("e%d", rng.IntN(41))
	}
	first := eval.ScoreClusters(out, gold, eval.LevelStory)
	for range 20 {
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		if s := eval.ScoreClusters(out, gold, eval.LevelStory); fmt.Sprint(s) != fmt.Sprint(first) {
			t.Fatalf("scores changed with input order:\n%+v\n%+v", s, first)
		}
	}
}
