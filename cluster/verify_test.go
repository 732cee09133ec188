package cluster

import (
	"reflect"
	"testing"
	"time"
)

// verify keeps exactly the candidate pairs copyOf calls copies, though it
// reads no samples for pairs too far apart in time that do not resemble
// each other enough.
func TestVerifyAsCopyOf(t *testing.T) {
	docs := synthCorpus(9, 1200)
	o := opts(docs)
	o.Window = 24 * time.Hour // most families span more than a day
	g, err := newGrouper(docs, o)
	if err != nil {
		t.Fatal(err)
	}
	g.order()
	g.rkTime = g.rankTimes()
	occs := g.newOccRounds()
	g.valueSpread(g.copyCandidates(occs), occs)
	g.valueWeights()
	var cands []uint64
	far := 0
	for a := range int32(300) {
		for b := a + 1; b < 300; b++ {
			cands = append(cands, uint64(a)<<32|uint64(b))
			if !g.withinWindow(int(a), int(b)) {
				far++
			}
		}
	}
	var want []edge
	for _, p := range cands {
		if e, ok := g.copyOf(int32(p>>32), int32(uint32(p))); ok {
			want = append(want, e.edge)
		}
	}
	got := g.verify(cands)
	if far == 0 || len(want) == 0 {
		t.Fatalf("%d pairs far apart, %d copies: the test checks nothing", far, len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("verify kept %d pairs, copyOf %d", len(got), len(want))
	}
}
