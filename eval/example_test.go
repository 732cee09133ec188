package eval_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/samestory/samestory/eval"
)

// Example scores a five-article samestory output against cluster gold in
// the ECB+ layout (header "id\tevent"). The output merged two gold events
// into one story, so precision drops while recall stays perfect.
func Example() {
	output := `{"id":"a","samestory":{"id":"a","story":"a","canonical":true,"duplicate_of":null,"similarity":1}}
{"id":"b","samestory":{"id":"b","story":"a","canonical":false,"duplicate_of":"a","similarity":0.91}}
{"id":"c","samestory":{"id":"c","story":"a","canonical":false,"duplicate_of":null,"similarity":0.4}}
{"id":"d","samestory":{"id":"d","story":"d","canonical":true,"duplicate_of":null,"similarity":1}}
{"id":"e","samestory":{"id":"e","story":"d","canonical":false,"duplicate_of":null,"similarity":0.5}}
`
	goldTSV := "id\tevent\na\tquake\nb\tquake\nc\tfire\nd\tvote\ne\tvote\n"

	out, err := eval.ReadAssignments(strings.NewReader(output), "out.jsonl")
	if err != nil {
		fmt.Println(err)
		return
	}
	gold, err := eval.ReadGold(strings.NewReader(goldTSV), "gold.tsv")
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := eval.ScoreClusters(out, gold.Clusters, eval.LevelStory).WriteTable(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// metric               value
	// level                story
	// items                5
	// missing in output    0
	// missing in gold      0
	// predicted clusters   2
	// gold clusters        3
	// predicted pairs      4
	// gold pairs           2
	// true pairs           2
	// B-cubed precision    0.7333
	// B-cubed recall       1.0000
	// B-cubed F1           0.8462
	// pairwise precision   0.5000
	// pairwise recall      1.0000
	// pairwise F1          0.6667
	// adjusted Rand index  0.5455
}

// ExampleScorePairs checks a clustering against labelled pairs.
func ExampleScorePairs() {
	out := []eval.Assignment{
		{ID: "a", Story: "a", Group: "a"},
		{ID: "b", Story: "a", Group: "a"}, // a copy of a
		{ID: "c", Story: "a", Group: "c"}, // same story, not a copy
		{ID: "d", Story: "d", Group: "d"},
	}
	pairs := []eval.Pair{
		{Name: "p1", A: "a", B: "b", Label: eval.LabelDup, Line: 2},
		{Name: "p2", A: "a", B: "c", Label: eval.LabelDup, Reason: "same wire text", Line: 3},
		{Name: "p3", A: "c", B: "d", Label: eval.LabelDifferent, Line: 4},
	}
	s := eval.ScorePairs(out, pairs)
	fmt.Printf("DUP together %d/%d, DIFFERENT apart %d/%d\n", s.DupTogether, s.DupTotal, s.DifferentApart, s.DifferentTotal)
	for _, w := range s.Wrong {
		fmt.Printf("%s: %s (%s)\n", w.Name, w.What, w.Reason)
	}
	// Output:
	// DUP together 1/2, DIFFERENT apart 1/1
	// p2: DUP pair not in one duplicate group (same story) (same wire text)
}
