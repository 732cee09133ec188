package eval_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/samestory/samestory/eval"
)

// stories builds assignments from id -> story, each article its own
// duplicate group, in id order.
func stories(pred map[string]string) []eval.Assignment {
	ids := make([]string, 0, len(pred))
	for id := range pred {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]eval.Assignment, len(ids))
	for i, id := range ids {
		out[i] = eval.Assignment{ID: id, Story: pred[id], Group: id}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12 }

// scores are the float figures of a ClusterScores, for compact expectations.
type scores struct{ bp, br, bf, pp, pr, pf, ari float64 }

func TestScoreClusters(t *testing.T) {
	// The textbook example of Manning, Raghavan & Schütze, Introduction to
	// Information Retrieval (2008), figure 16.4: 17 items in three predicted
	// clusters; gold classes x (8 items), o (5) and d (4).
	//
	//	cluster 1: x x x x x o   (6)
	//	cluster 2: x o o o o d   (6)
	//	cluster 3: x x d d d     (5)
	//
	// Pairwise: TP = C(5,2)+C(4,2)+C(3,2)+C(2,2) = 10+6+3+1 = 20;
	// predicted pairs = C(6,2)+C(6,2)+C(5,2) = 15+15+10 = 40;
	// gold pairs = C(8,2)+C(5,2)+C(4,2) = 28+10+6 = 44.
	// P = 20/40 = 1/2, R = 20/44 = 5/11, F1 = 2PR/(P+R) = 10/21.
	//
	// ARI: N = C(17,2) = 136, expected = 40*44/136 = 220/17,
	// max = (40+44)/2 = 42; ARI = (20 - 220/17) / (42 - 220/17)
	// = (120/17) / (494/17) = 60/247 ≈ 0.2429.
	//
	// B-cubed precision, per item |pred ∩ gold| / |pred|:
	// cluster 1: 5 x at 5/6, 1 o at 1/6 -> 26/6;
	// cluster 2: 1 x at 1/6, 4 o at 4/6, 1 d at 1/6 -> 18/6;
	// cluster 3: 2 x at 2/5, 3 d at 3/5 -> 13/5;
	// sum = 22/3 + 13/5 = 149/15, P = 149/15/17 = 149/255.
	// B-cubed recall, per item |pred ∩ gold| / |gold|:
	// x: 5 at 5/8, 1 at 1/8, 2 at 2/8 -> 30/8;
	// o: 1 at 1/5, 4 at 4/5 -> 17/5;
	// d: 1 at 1/4, 3 at 3/4 -> 10/4;
	// sum = 193/20, R = 193/20/17 = 193/340.
	// F1 = 2PR/(P+R) = 57514/99875.
	textPred, textGold := map[string]string{}, map[string]string{}
	for i, m := range []string{"1x", "1x", "1x", "1x", "1x", "1o", "2x", "2o", "2o", "2o", "2o", "2d", "3x", "3x", "3d", "3d", "3d"} {
		id := fmt.Sprintf("i%02d", i)
		textPred[id], textGold[id] = m[:1], m[1:]
	}

	tests := []struct {
		name                     string
		out                      []eval.Assignment
		gold                     map[string]string
		level                    eval.Level
		want                     scores
		items, predC, goldC      int
		predPairs, goldPairs, tp int64
	}{
		{
			name:  "perfect",
			out:   stories(map[string]string{"a": "s1", "b": "s1", "c": "s2", "d": "s3"}),
			gold:  map[string]string{"a": "X", "b": "X", "c": "Y", "d": "Z"},
			want:  scores{1, 1, 1, 1, 1, 1, 1},
			items: 4, predC: 3, goldC: 3, predPairs: 1, goldPairs: 1, tp: 1,
		},
		{
			// B-cubed: P = 2/4 for every item, R = 1. Pairwise: 6 predicted
			// pairs, 2 gold, 2 true. ARI: expected = 6*2/6 = 2, max = 4,
			// (2-2)/(4-2) = 0.
			name:  "one cluster",
			out:   stories(map[string]string{"a": "s", "b": "s", "c": "s", "d": "s"}),
			gold:  map[string]string{"a": "1", "b": "1", "c": "2", "d": "2"},
			want:  scores{0.5, 1, 2.0 / 3, 1.0 / 3, 1, 0.5, 0},
			items: 4, predC: 1, goldC: 2, predPairs: 6, goldPairs: 2, tp: 2,
		},
		{
			// B-cubed: P = 1, R = 1/2 for every item. Pairwise: no
			// predicted pairs so P = 1 by definition, R = 0/2, F1 = 0.
			// ARI: expected = 0, max = 1, (0-0)/(1-0) = 0.
			name:  "all singletons",
			out:   stories(map[string]string{"a": "a", "b": "b", "c": "c", "d": "d"}),
			gold:  map[string]string{"a": "1", "b": "1", "c": "2", "d": "2"},
			want:  scores{1, 0.5, 2.0 / 3, 1, 0, 0, 0},
			items: 4, predC: 4, goldC: 2, predPairs: 0, goldPairs: 2, tp: 0,
		},
		{
			// B-cubed: every item shares 1 of 2 with either side: 1/2.
			// Pairwise: TP 0 of 2 and 2. ARI: expected = 2*2/6 = 2/3,
			// max = 2, (0-2/3)/(2-2/3) = -1/2.
			name:  "crossed",
			out:   stories(map[string]string{"a": "s1", "b": "s1", "c": "s2", "d": "s2"}),
			gold:  map[string]string{"a": "1", "b": "2", "c": "1", "d": "2"},
			want:  scores{0.5, 0.5, 0.5, 0, 0, 0, -0.5},
			items: 4, predC: 2, goldC: 2, predPairs: 2, goldPairs: 2, tp: 0,
		},
		{
			name:  "identical singletons (ARI denominator 0)",
			out:   stories(map[string]string{"a": "a", "b": "b", "c": "c"}),
			gold:  map[string]string{"a": "1", "b": "2", "c": "3"},
			want:  scores{1, 1, 1, 1, 1, 1, 1},
			items: 3, predC: 3, goldC: 3,
		},
		{
			name:  "identical single cluster (ARI denominator 0)",
			out:   stories(map[string]string{"a": "s", "b": "s", "c": "s"}),
			gold:  map[string]string{"a": "1", "b": "1", "c": "1"},
			want:  scores{1, 1, 1, 1, 1, 1, 1},
			items: 3, predC: 1, goldC: 1, predPairs: 3, goldPairs: 3, tp: 3,
		},
		{
			name:  "textbook",
			out:   stories(textPred),
			gold:  textGold,
			want:  scores{149.0 / 255, 193.0 / 340, 57514.0 / 99875, 0.5, 5.0 / 11, 10.0 / 21, 60.0 / 247},
			items: 17, predC: 3, goldC: 3, predPairs: 40, goldPairs: 44, tp: 20,
		},
		{
			name:  "one common item",
			out:   stories(map[string]string{"a": "s", "x": "s"}),
			gold:  map[string]string{"a": "1", "y": "1"},
			want:  scores{1, 1, 1, 1, 1, 1, 1},
			items: 1, predC: 1, goldC: 1,
		},
		{
			name:  "no common items",
			out:   stories(map[string]string{"x": "s"}),
			gold:  map[string]string{"y": "1"},
			want:  scores{},
			items: 0,
		},
		{
			// Stories put everything together; groups {a,b} {c} match.
			name:  "group level",
			out:   []eval.Assignment{{"a", "s", "a"}, {"b", "s", "a"}, {"c", "s", "c"}},
			gold:  map[string]string{"a": "1", "b": "1", "c": "2"},
			level: eval.LevelGroup,
			want:  scores{1, 1, 1, 1, 1, 1, 1},
			items: 3, predC: 2, goldC: 2, predPairs: 1, goldPairs: 1, tp: 1,
		},
		{
			// The same at story level: B-cubed P = (2/3+2/3+1/3)/3 = 5/9,
			// R = 1, F1 = 10/14; pairwise 1 true of 3 predicted, 1 gold;
			// ARI: expected = 3*1/3 = 1, max = 2, (1-1)/(2-1) = 0.
			name:  "story level",
			out:   []eval.Assignment{{"a", "s", "a"}, {"b", "s", "a"}, {"c", "s", "c"}},
			gold:  map[string]string{"a": "1", "b": "1", "c": "2"},
			level: eval.LevelStory,
			want:  scores{5.0 / 9, 1, 10.0 / 14, 1.0 / 3, 1, 0.5, 0},
			items: 3, predC: 1, goldC: 2, predPairs: 3, goldPairs: 1, tp: 1,
		},
		{
			// A repeated id: the first assignment counts.
			name:  "repeated id",
			out:   []eval.Assignment{{"a", "s1", "a"}, {"b", "s1", "b"}, {"a", "s2", "a"}},
			gold:  map[string]string{"a": "1", "b": "1"},
			want:  scores{1, 1, 1, 1, 1, 1, 1},
			items: 2, predC: 1, goldC: 1, predPairs: 1, goldPairs: 1, tp: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := eval.ScoreClusters(tc.out, tc.gold, tc.level)
			got := scores{s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.PairwisePrecision, s.PairwiseRecall, s.PairwiseF1, s.ARI}
			g, w := reflect.ValueOf(got), reflect.ValueOf(tc.want)
			for i := range g.NumField() {
				if !near(g.Field(i).Float(), w.Field(i).Float()) {
					t.Errorf("%s = %.15g, want %.15g", g.Type().Field(i).Name, g.Field(i).Float(), w.Field(i).Float())
				}
			}
			if s.Items != tc.items || s.PredictedClusters != tc.predC || s.GoldClusters != tc.goldC {
				t.Errorf("items, predicted, gold clusters = %d, %d, %d; want %d, %d, %d",
					s.Items, s.PredictedClusters, s.GoldClusters, tc.items, tc.predC, tc.goldC)
			}
			if s.PredictedPairs != tc.predPairs || s.GoldPairs != tc.goldPairs || s.TruePairs != tc.tp {
				t.Errorf("predicted, gold, true pairs = %d, %d, %d; want %d, %d, %d",
					s.PredictedPairs, s.GoldPairs, s.TruePairs, tc.predPairs, tc.goldPairs, tc.tp)
			}
			if s.Level != tc.level.String() {
				t.Errorf("Level = %q, want %q", s.Level, tc.level)
			}
		})
	}
}

func TestScoreClustersMissing(t *testing.T) {
	out := stories(map[string]string{"a": "s1", "b": "s1", "c": "s2", "x": "s2"})
	gold := map[string]string{"a": "1", "b": "1", "c": "2", "z": "3", "y": "2"}
	s := eval.ScoreClusters(out, gold, eval.LevelStory)
	if s.Items != 3 || s.MissingInOutput != 2 || s.MissingInGold != 1 {
		t.Errorf("items, missing in output, missing in gold = %d, %d, %d; want 3, 2, 1", s.Items, s.MissingInOutput, s.MissingInGold)
	}
	if want := []string{"y", "z"}; !slices.Equal(s.MissingInOutputExamples, want) {
		t.Errorf("MissingInOutputExamples = %q, want %q", s.MissingInOutputExamples, want)
	}
	if want := []string{"x"}; !slices.Equal(s.MissingInGoldExamples, want) {
		t.Errorf("MissingInGoldExamples = %q, want %q", s.MissingInGoldExamples, want)
	}
	// Restricted to a, b, c the clustering is perfect (x would join c).
	if s.BCubedF1 != 1 || s.PairwiseF1 != 1 || s.ARI != 1 || s.PredictedClusters != 2 || s.GoldClusters != 2 {
		t.Errorf("scores on common items = %+v, want perfect with 2 clusters each", s)
	}

	// Examples are capped at 10, sorted; the count is complete.
	gold = map[string]string{}
	for i := range 12 {
		gold[fmt.Sprintf("g%02d", 11-i)] = "1"
	}
	s = eval.ScoreClusters(nil, gold, eval.LevelStory)
	want := []string{"g00", "g01", "g02", "g03", "g04", "g05", "g06", "g07", "g08", "g09"}
	if s.MissingInOutput != 12 || !slices.Equal(s.MissingInOutputExamples, want) {
		t.Errorf("missing in output = %d %q, want 12 %q", s.MissingInOutput, s.MissingInOutputExamples, want)
	}
	if s.MissingInGoldExamples == nil {
		t.Error("MissingInGoldExamples is nil, want empty")
	}
}

func TestClusterWriteTable(t *testing.T) {
	out := stories(map[string]string{"a": "s1", "b": "s1", "c": "s2", "x": "s2"})
	gold := map[string]string{"a": "1", "b": "1", "c": "1", "y": "2"}
	var buf bytes.Buffer
	if err := eval.ScoreClusters(out, gold, eval.LevelStory).WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	// B-cubed P = 1; R = (2/3+2/3+1/3)/3 = 5/9. Pairwise P = 1/1,
	// R = 1/3, F1 = 0.5. ARI: expected = 1*3/3 = 1, max = 2, (1-1)/1 = 0.
	want := `metric               value
level                story
items                3
missing in output    1 (e.g. y)
missing in gold      1 (e.g. x)
predicted clusters   2
gold clusters        1
predicted pairs      1
gold pairs           3
true pairs           1
B-cubed precision    1.0000
B-cubed recall       0.5556
B-cubed F1           0.7143
pairwise precision   1.0000
pairwise recall      0.3333
pairwise F1          0.5000
adjusted Rand index  0.0000
`
	if buf.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", buf.String(), want)
	}
	if err := eval.ScoreClusters(out, gold, eval.LevelStory).WriteTable(failWriter{}); err == nil || !strings.HasPrefix(err.Error(), "eval: ") {
		t.Errorf("WriteTable to a failing writer: err = %v, want an eval error", err)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestClusterScoresJSON(t *testing.T) {
	b, err := json.Marshal(eval.ScoreClusters(nil, nil, eval.LevelGroup))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"level":"group","items":0,"missing_in_output":0,"missing_in_gold":0,"missing_in_output_examples":[],"missing_in_gold_examples":[],"predicted_clusters":0,"gold_clusters":0,"predicted_pairs":0,"gold_pairs":0,"true_pairs":0,"bcubed_precision":0,"bcubed_recall":0,"bcubed_f1":0,"pairwise_precision":0,"pairwise_recall":0,"pairwise_f1":0,"ari":0}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", b, want)
	}
}

func TestParseLevel(t *testing.T) {
	for _, l := range []eval.Level{eval.LevelStory, eval.LevelGroup} {
		got, err := eval.ParseLevel(l.String())
		if err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", l.String(), got, err, l)
		}
	}
	if _, err := eval.ParseLevel("article"); err == nil || !strings.Contains(err.Error(), `eval: unknown level "article"`) {
		t.Errorf("ParseLevel(article) error = %v", err)
	}
}

// pairOutput is the clustering used by the pair tests:
// story S1 holds a1, a2 (a copy of a1) and a3; b1 is alone in S2; c1 is in
// S3 yet claims a1's duplicate group (inconsistent on purpose).
func pairOutput() []eval.Assignment {
	return []eval.Assignment{
		{ID: "a1", Story: "S1", Group: "a1"},
		{ID: "a2", Story: "S1", Group: "a1"},
		{ID: "a3", Story: "S1", Group: "a3"},
		{ID: "b1", Story: "S2", Group: "b1"},
		{ID: "c1", Story: "S3", Group: "a1"},
	}
}

func TestScorePairs(t *testing.T) {
	p := func(line int, a, b, label string) eval.Pair {
		return eval.Pair{Name: fmt.Sprintf("p%d", line), A: a, B: b, Label: label, Reason: "r" + fmt.Sprint(line), Line: line}
	}
	tests := []struct {
		name                 string
		pairs                []eval.Pair
		dup, rel, diff       [2]int // together (apart), total
		wrong                []string
		wrongLines, missLine []int
	}{
		{
			name:  "DUP right",
			pairs: []eval.Pair{p(2, "a1", "a2", "DUP")},
			dup:   [2]int{1, 1}, rel: [2]int{1, 1},
		},
		{
			name:       "DUP same story other group",
			pairs:      []eval.Pair{p(2, "a1", "a3", "DUP")},
			dup:        [2]int{0, 1},
			rel:        [2]int{1, 1},
			wrong:      []string{"DUP pair not in one duplicate group (same story)"},
			wrongLines: []int{2},
		},
		{
			name:       "DUP different stories",
			pairs:      []eval.Pair{p(2, "a1", "b1", "DUP")},
			dup:        [2]int{0, 1},
			rel:        [2]int{0, 1},
			wrong:      []string{"DUP pair not in one duplicate group (different stories)"},
			wrongLines: []int{2},
		},
		{
			name:       "DUP one group different stories",
			pairs:      []eval.Pair{p(2, "a1", "c1", "DUP")},
			dup:        [2]int{1, 1},
			rel:        [2]int{0, 1},
			wrong:      []string{"DUP pair in one duplicate group but different stories"},
			wrongLines: []int{2},
		},
		{
			name:  "SAME_EVENT right",
			pairs: []eval.Pair{p(2, "a1", "a3", "SAME_EVENT")},
			rel:   [2]int{1, 1},
		},
		{
			name:       "SAME_EVENT wrong",
			pairs:      []eval.Pair{p(2, "a2", "b1", "SAME_EVENT")},
			rel:        [2]int{0, 1},
			wrong:      []string{"SAME_EVENT pair in different stories"},
			wrongLines: []int{2},
		},
		{
			name:  "DIFFERENT right",
			pairs: []eval.Pair{p(2, "a1", "b1", "DIFFERENT")},
			diff:  [2]int{1, 1},
		},
		{
			name:       "DIFFERENT in one story",
			pairs:      []eval.Pair{p(2, "a2", "a3", "DIFFERENT"), p(3, "a1", "a2", "DIFFERENT")},
			diff:       [2]int{0, 2},
			wrong:      []string{"DIFFERENT pair in one story", "DIFFERENT pair in one story (same duplicate group)"},
			wrongLines: []int{2, 3},
		},
		{
			name:     "missing ids",
			pairs:    []eval.Pair{p(2, "a1", "zz", "DUP"), p(3, "zz", "b1", "DIFFERENT"), p(4, "zz", "yy", "SAME_EVENT"), p(5, "a1", "a2", "DUP")},
			dup:      [2]int{1, 1},
			rel:      [2]int{1, 1},
			missLine: []int{2, 3, 4},
		},
		{
			name: "mixed, gold order kept",
			pairs: []eval.Pair{
				p(2, "a1", "a2", "DUP"), p(3, "a1", "a3", "DUP"), p(4, "a1", "b1", "DUP"), p(5, "a1", "c1", "DUP"),
				p(6, "a1", "a3", "SAME_EVENT"), p(7, "a2", "b1", "SAME_EVENT"),
				p(8, "a1", "b1", "DIFFERENT"), p(9, "a2", "a3", "DIFFERENT"), p(10, "a1", "a2", "DIFFERENT"),
				p(11, "a1", "zz", "DUP"),
			},
			dup: [2]int{2, 4}, rel: [2]int{3, 6}, diff: [2]int{1, 3},
			wrongLines: []int{3, 4, 5, 7, 9, 10},
			missLine:   []int{11},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := eval.ScorePairs(pairOutput(), tc.pairs)
			got := [3][2]int{{s.DupTogether, s.DupTotal}, {s.RelatedTogether, s.RelatedTotal}, {s.DifferentApart, s.DifferentTotal}}
			if want := [3][2]int{tc.dup, tc.rel, tc.diff}; got != want {
				t.Errorf("dup, related, different = %v, want %v", got, want)
			}
			shares := [3]float64{s.DupTogetherShare, s.RelatedTogetherShare, s.DifferentApartShare}
			for i, f := range [3][2]int{tc.dup, tc.rel, tc.diff} {
				want := 0.0
				if f[1] > 0 {
					want = float64(f[0]) / float64(f[1])
				}
				if shares[i] != want {
					t.Errorf("share %d = %v, want %v", i, shares[i], want)
				}
			}
			var wrongLines, missLines []int
			var whats []string
			for _, r := range s.Wrong {
				wrongLines = append(wrongLines, r.Line)
				whats = append(whats, r.What)
				if r.Reason != fmt.Sprintf("r%d", r.Line) || r.Name != fmt.Sprintf("p%d", r.Line) {
					t.Errorf("wrong pair lost its name or reason: %+v", r)
				}
			}
			for _, r := range s.Missing {
				missLines = append(missLines, r.Line)
			}
			if !slices.Equal(wrongLines, tc.wrongLines) {
				t.Errorf("wrong lines = %v, want %v", wrongLines, tc.wrongLines)
			}
			if tc.wrong != nil && !slices.Equal(whats, tc.wrong) {
				t.Errorf("wrong = %q, want %q", whats, tc.wrong)
			}
			if !slices.Equal(missLines, tc.missLine) {
				t.Errorf("missing lines = %v, want %v", missLines, tc.missLine)
			}
		})
	}
}

func TestScorePairsMissingWhat(t *testing.T) {
	s := eval.ScorePairs(pairOutput(), []eval.Pair{
		{A: "a1", B: "zz", Label: "DUP"}, {A: "zz", B: "a1", Label: "DUP"}, {A: "zz", B: "yy", Label: "DUP"},
	})
	var got []string
	for _, r := range s.Missing {
		got = append(got, r.What)
	}
	want := []string{"id_b not in output", "id_a not in output", "id_a and id_b not in output"}
	if !slices.Equal(got, want) || s.DupTotal != 0 {
		t.Errorf("missing = %q (dup total %d), want %q (0)", got, s.DupTotal, want)
	}
}

func TestPairWriteTable(t *testing.T) {
	pairs := []eval.Pair{
		{Name: "p1", A: "a1", B: "a2", Label: "DUP", Line: 2},
		{Name: "p2", A: "a1", B: "a3", Label: "DUP", Reason: "same release", Line: 3},
		{Name: "p3", A: "a1", B: "a3", Label: "SAME_EVENT", Line: 4},
		{Name: "p4", A: "a2", B: "zz", Label: "DIFFERENT", Line: 5},
	}
	var buf bytes.Buffer
	if err := eval.ScorePairs(pairOutput(), pairs).WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	want := `check                           pairs  share   percent
DUP in one duplicate group      1/2    0.5000  50.0%
DUP+SAME_EVENT in one story     3/3    1.0000  100.0%
DIFFERENT in different stories  0/0    n/a     n/a

pairs with an id missing from the output: 1
line  pair  id_a  id_b  label      what
5     p4    a2    zz    DIFFERENT  id_b not in output

wrong pairs: 1
line  pair  id_a  id_b  label  what                                              reason
3     p2    a1    a3    DUP    DUP pair not in one duplicate group (same story)  same release
`
	if buf.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", buf.String(), want)
	}

	buf.Reset()
	if err := eval.ScorePairs(nil, nil).WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	want = `check                           pairs  share  percent
DUP in one duplicate group      0/0    n/a    n/a
DUP+SAME_EVENT in one story     0/0    n/a    n/a
DIFFERENT in different stories  0/0    n/a    n/a

pairs with an id missing from the output: 0

wrong pairs: 0
`
	if buf.String() != want {
		t.Errorf("empty table:\n%s\nwant:\n%s", buf.String(), want)
	}
	b, err := json.Marshal(eval.ScorePairs(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"wrong":[],"missing":[]`) || !strings.Contains(string(b), `"dup_together_share":0`) {
		t.Errorf("JSON = %s", b)
	}
}

func TestReadGoldClusters(t *testing.T) {
	tests := []struct {
		name, in string
		want     map[string]string
	}{
		{"ECB+ header", "id\tevent\necb-1\tevent-44_ecb\necb-2\tevent-43_ecb\n\necb-3\tevent-44_ecb", map[string]string{"ecb-1": "event-44_ecb", "ecb-2": "event-43_ecb", "ecb-3": "event-44_ecb"}},
		{"CRLF and BOM", "\ufeffid\tevent\r\na\tE1\r\n\r\nb\tE2\r\n", map[string]string{"a": "E1", "b": "E2"}},
		{"label column named", "id\tsource\tlabel\na\tx\tE1\nb\ty\tE2\n", map[string]string{"a": "E1", "b": "E2"}},
		{"id not first", "event\tid\nE1\ta\n", map[string]string{"a": "E1"}},
		{"header only", "id\tevent\n", map[string]string{}},
		{"leading blank lines, extra columns", "\n\nid\tevent\textra\na\tE1\tzzz\n", map[string]string{"a": "E1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := eval.ReadGold(strings.NewReader(tc.in), "gold.tsv")
			if err != nil {
				t.Fatal(err)
			}
			if g.Pairs != nil || g.Clusters == nil || !reflect.DeepEqual(g.Clusters, tc.want) {
				t.Errorf("ReadGold = %+v, want clusters %v", g, tc.want)
			}
		})
	}
}

func TestReadGoldPairs(t *testing.T) {
	in := "pair\tid_a\tid_b\tlabel\tconfidence\treason\r\n" +
		"p000\tsnn-1\tsnn-2\tDUP\t3\tSame press release, near-verbatim\r\n" +
		"\r\n" +
		"p001\tsnn-3\tsnn-4\tSAME_EVENT\t2\r\n" +
		"p002\tsnn-5\tsnn-6\tDIFFERENT\t1\tunrelated\r\n"
	g, err := eval.ReadGold(strings.NewReader(in), "pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	want := []eval.Pair{
		{Name: "p000", A: "snn-1", B: "snn-2", Label: "DUP", Reason: "Same press release, near-verbatim", Line: 2},
		{Name: "p001", A: "snn-3", B: "snn-4", Label: "SAME_EVENT", Line: 4},
		{Name: "p002", A: "snn-5", B: "snn-6", Label: "DIFFERENT", Reason: "unrelated", Line: 5},
	}
	if g.Clusters != nil || !reflect.DeepEqual(g.Pairs, want) {
		t.Errorf("ReadGold pairs = %+v, want %+v", g, want)
	}

	// Other column order, no pair or reason column.
	g, err = eval.ReadGold(strings.NewReader("label\tid_b\tid_a\nDUP\tb\ta\n"), "p.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if want := []eval.Pair{{A: "a", B: "b", Label: "DUP", Line: 2}}; !reflect.DeepEqual(g.Pairs, want) {
		t.Errorf("ReadGold reordered = %+v, want %+v", g.Pairs, want)
	}
}

func TestReadGoldErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"too few columns", "id\tevent\na\tE1\nb\n", "eval: g.tsv:3: got 1 columns, want at least 2"},
		{"too few pair columns", "pair\tid_a\tid_b\tlabel\np1\ta\tb\n", "eval: g.tsv:2: got 3 columns, want at least 4"},
		{"unknown label", "pair\tid_a\tid_b\tlabel\np1\ta\tb\tDUP\r\n\np2\ta\tc\tMAYBE\n", `eval: g.tsv:4: unknown label "MAYBE" (want DUP, SAME_EVENT or DIFFERENT)`},
		{"lower-case label", "id_a\tid_b\tlabel\na\tb\tdup\n", `eval: g.tsv:2: unknown label "dup"`},
		{"duplicate id", "id\tevent\na\tE1\nb\tE1\na\tE2\n", `eval: g.tsv:4: duplicate id "a" (first on line 2)`},
		{"empty label", "id\tevent\na\t \n", "eval: g.tsv:2: empty event"},
		{"empty id", "id\tevent\n\tE1\n", "eval: g.tsv:2: empty id"},
		{"empty pair id", "id_a\tid_b\tlabel\na\t\tDUP\n", "eval: g.tsv:2: empty id_a or id_b"},
		{"no id column", "doc\tevent\na\tE1\n", "eval: g.tsv:1: header names neither"},
		{"id column only", "id\na\n", "eval: g.tsv:1: header has an id column but no label column"},
		{"empty file", "\n\n", "eval: g.tsv: no header line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := eval.ReadGold(strings.NewReader(tc.in), "g.tsv")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("ReadGold = %+v, %v; want error starting %q", g, err, tc.want)
			}
		})
	}
	errRead := errors.New("read failed")
	_, err := eval.ReadGold(iotest.ErrReader(errRead), "g.tsv")
	if !errors.Is(err, errRead) || !strings.HasPrefix(err.Error(), "eval: g.tsv:1: ") {
		t.Errorf("ReadGold on a failing reader: %v", err)
	}
}

func TestReadAssignments(t *testing.T) {
	in := `{"id":"a1","title":"x","samestory":{"id":"a1","story":"a1","canonical":true,"duplicate_of":null,"similarity":1}}
{"id":"a2","samestory":{"id":"a2","story":"a1","canonical":false,"duplicate_of":"a1","similarity":0.93}}

{"samestory":{"story":"a1","id":"a3"},"id":"other"}` + "\r\n" +
		`{"samestory":{"id":"b1","story":"b1","duplicate_of":null}}`
	got, err := eval.ReadAssignments(strings.NewReader(in), "out.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []eval.Assignment{
		{ID: "a1", Story: "a1", Group: "a1"},
		{ID: "a2", Story: "a1", Group: "a1"},
		{ID: "a3", Story: "a1", Group: "a3"},
		{ID: "b1", Story: "b1", Group: "b1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadAssignments = %+v, want %+v", got, want)
	}
}

func TestReadAssignmentsLongLine(t *testing.T) {
	text := strings.Repeat("lorem ipsum ", 5<<20/12) // about 5 MB
	in := `{"id":"a1","text":"` + text + `","samestory":{"id":"a1","story":"s1","duplicate_of":null}}` + "\n" +
		`{"id":"a2","text":"` + text + `","samestory":{"id":"a2","story":"s1","duplicate_of":"a1"}}` + "\n"
	got, err := eval.ReadAssignments(strings.NewReader(in), "out.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want := []eval.Assignment{{ID: "a1", Story: "s1", Group: "a1"}, {ID: "a2", Story: "s1", Group: "a1"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadAssignments = %+v, want %+v", got, want)
	}
}

func TestReadAssignmentsErrors(t *testing.T) {
	ok := `{"samestory":{"id":"a1","story":"s1","duplicate_of":null}}` + "\n"
	tests := []struct{ name, line, want string }{
		{"no samestory", `{"id":"a2","title":"t"}`, `eval: out.jsonl:2: record has no "samestory" object`},
		{"samestory null", `{"id":"a2","samestory":null}`, `eval: out.jsonl:2: record has no "samestory" object`},
		{"bad JSON", `{"samestory":{"id":"a2",`, "eval: out.jsonl:2: unexpected end of JSON input"},
		{"not an object", `[1,2]`, "eval: out.jsonl:2: json: cannot unmarshal array"},
		{"id missing", `{"samestory":{"story":"s1"}}`, "eval: out.jsonl:2: samestory.id is missing or empty"},
		{"id not a string", `{"samestory":{"id":7,"story":"s1"}}`, "eval: out.jsonl:2: json: cannot unmarshal number"},
		{"story missing", `{"samestory":{"id":"a2"}}`, "eval: out.jsonl:2: samestory.story is missing or empty"},
		{"empty duplicate_of", `{"samestory":{"id":"a2","story":"s1","duplicate_of":""}}`, "eval: out.jsonl:2: samestory.duplicate_of is empty"},
		{"duplicate id", `{"samestory":{"id":"a1","story":"s2","duplicate_of":null}}`, `eval: out.jsonl:2: duplicate id "a1" (first on line 1)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := eval.ReadAssignments(strings.NewReader(ok+tc.line+"\n"), "out.jsonl")
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("ReadAssignments = %+v, %v; want error starting %q", got, err, tc.want)
			}
		})
	}
	_, err := eval.ReadAssignments(strings.NewReader(ok+"{"), "out.jsonl")
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Errorf("bad JSON error %v does not wrap *json.SyntaxError", err)
	}
	errRead := errors.New("read failed")
	_, err = eval.ReadAssignments(iotest.ErrReader(errRead), "out.jsonl")
	if !errors.Is(err, errRead) || !strings.HasPrefix(err.Error(), "eval: out.jsonl:1: ") {
		t.Errorf("ReadAssignments on a failing reader: %v", err)
	}
}
