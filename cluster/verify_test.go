package cluster

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/samestory/samestory/minhash"
)

// verify keeps exactly the candidate pairs copyOf calls copies, with the
// measures copyOf makes, though it
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
	var wantMs []measures
	for _, p := range cands {
		if e, ok := g.copyOf(int32(p>>32), int32(uint32(p))); ok {
			want = append(want, e.edge)
			wantMs = append(wantMs, e.measures)
		}
	}
	agree := make([]uint16, len(cands))
	for i, p := range cands {
		agree[i] = uint16(minhash.Agreement(g.docs[p>>32].Sig, g.docs[uint32(p)].Sig))
	}
	got, ms := g.verify(cands, agree)
	if far == 0 || len(want) == 0 {
		t.Fatalf("%d pairs far apart, %d copies: the test checks nothing", far, len(want))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("verify kept %d pairs, copyOf %d", len(got), len(want))
	}
	if !reflect.DeepEqual(ms, wantMs) {
		t.Fatal("verify's measures differ from copyOf's")
	}
}

// copyTo gives for a linked pair, in either order, what copyOf measures:
// the measures kept from verification stand for measuring again.
func TestCopyToAsCopyOf(t *testing.T) {
	docs := synthCorpus(4, 1200)
	g := copiesFound(t, docs)
	if len(g.copies) == 0 {
		t.Fatal("no copies: the test checks nothing")
	}
	for _, e := range g.copies {
		for _, p := range [][2]int32{{e.a, e.b}, {e.b, e.a}} {
			want, _ := g.copyOf(p[0], p[1])
			if got := g.copyTo(p[0], p[1]); got != want {
				t.Fatalf("copyTo(%d, %d) = %+v, copyOf %+v", p[0], p[1], got, want)
			}
		}
	}
	// A pair that is not linked is measured.
	a, b := g.copies[0].a, g.copies[0].b
	for c := range int32(len(docs)) {
		if c != a && c != b && !slices.ContainsFunc(g.copies, func(e edge) bool { return e.a == min(a, c) && e.b == max(a, c) }) {
			want, _ := g.copyOf(a, c)
			if got := g.copyTo(a, c); got != want {
				t.Fatalf("copyTo(%d, %d) = %+v, copyOf %+v", a, c, got, want)
			}
			break
		}
	}
}

// copiesFound returns a grouper of docs, with default options, that has
// found the copies among them.
func copiesFound(t *testing.T, docs []Doc) *grouper {
	t.Helper()
	g, err := newGrouper(docs, opts(docs))
	if err != nil {
		t.Fatal(err)
	}
	g.order()
	g.rkTime = g.rankTimes()
	g.findCopies()
	return g
}
