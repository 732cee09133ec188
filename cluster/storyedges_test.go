package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// storyEdgesByTimes is storyEdges written plainly, as its doc comment
// defines it: each document visits, for each of its words, the postings
// of the probe index dated within the window, filtering them by time, and
// skips a word whose window (or whole list, when it has at most 32 dated
// postings) holds more than maxPost postings.
// It returns the links and how many pairs were measured.
func (g *grouper) storyEdgesByTimes() ([]edge, int) {
	vs := g.vecs
	n := len(vs)
	order := g.inTimeOrder()
	ix := g.probeIndex(order)
	maxPost := max(g.o.MaxBucket*5, 1000)
	floor := g.o.StoryThreshold / 4
	window := int64(g.o.Window.Seconds())
	acc := make([]float32, n)
	var edges []edge
	measured := map[[2]int32]bool{}
	for k := range n {
		a := order[k]
		da := &g.docs[a]
		windowed := da.Dated && window > 0
		var touched []int32
		for _, t := range vs[a] {
			id := ix.ids.get(t.Hash)
			if id < 0 {
				continue
			}
			dated := ix.post[ix.span[id].off:ix.span[id].mid]
			undated := ix.post[ix.span[id].mid:ix.span[id+1].off]
			in := dated
			if windowed {
				in = nil
				for _, p := range dated {
					if tm := g.docs[order[p.doc]].Time; tm >= da.Time-window && tm <= da.Time+window {
						in = append(in, p)
					}
				}
			}
			size := len(in)
			if windowed && len(dated) <= 32 {
				size = len(dated)
			}
			if size+len(undated) > maxPost {
				continue
			}
			for _, p := range append(slices.Clip(in), undated...) {
				if p.doc == int32(k) {
					continue
				}
				if acc[p.doc] == 0 {
					touched = append(touched, p.doc)
				}
				acc[p.doc] += t.Weight * p.w
			}
		}
		for _, rb := range touched {
			part := acc[rb]
			acc[rb] = 0
			if float64(part) < floor {
				continue
			}
			b := order[rb]
			x, y := min(a, b), max(a, b)
			measured[[2]int32{x, y}] = true
			if s := g.storySim(int(x), int(y)); s >= floor {
				edges = append(edges, edge{a: x, b: y, sim: float32(s)})
			}
		}
	}
	sortEdges(edges)
	return slices.CompactFunc(edges, func(x, y edge) bool { return x.a == y.a && x.b == y.b }), len(measured)
}

// storyEdges finds the links its plain form finds, with windows that
// hold more postings than the limit, windows just under it, short lists
// and undated documents, whatever the number of workers.
func TestStoryEdgesByDefinition(t *testing.T) {
	docs := synthCorpus(5, 6000)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range docs {
		d := &docs[i]
		// A word two thirds of the articles have, so many within 72
		// hours that its window often holds more than the limit; one
		// the other third have, whose list is longer than the limit
		// but whose windows are not; and words 20 or so articles have.
		// All weigh enough to be probe words.
		if i%3 != 0 {
			d.Terms = append(d.Terms, Term{Hash: term("hot"), Weight: 60})
		} else {
			d.Terms = append(d.Terms, Term{Hash: term("warm"), Weight: 40})
		}
		d.Terms = append(d.Terms, Term{Hash: term(fmt.Sprintf("rare%d", rng.IntN(300))), Weight: 20})
	}
	o := opts(docs)
	for _, workers := range []int{1, 2, 3} {
		o.Workers = workers
		g, err := newGrouper(cloneDocs(docs), o)
		if err != nil {
			t.Fatal(err)
		}
		g.vecs = g.vectors()
		want, measured := g.storyEdgesByTimes()
		got := g.storyEdges()
		if len(want) == 0 {
			t.Fatal("no links: the test finds nothing")
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%d workers: %d links, want %d", workers, len(got), len(want))
		}
		if g.st.StoryCandidates != measured {
			t.Errorf("%d workers: %d pairs measured, want %d", workers, g.st.StoryCandidates, measured)
		}
	}
}

func TestAccumulate(t *testing.T) {
	acc := make([]float32, 8)
	touched := make([]int32, 8)
	acc[3] = float32(math.Inf(-1)) // the visitor's own place
	ps := []posting{{doc: 1, w: 0.5}, {doc: 3, w: 0.5}, {doc: 5, w: 0.25}, {doc: 7, w: 1}}
	n := accumulate(acc, touched, 0, 2, ps, 5)
	if n != 2 || touched[0] != 1 || touched[1] != 5 {
		t.Fatalf("listed %v, want [1 5]", touched[:n])
	}
	if acc[1] != 1 || acc[5] != 0.5 || acc[7] != 0 || !math.IsInf(float64(acc[3]), -1) {
		t.Fatalf("sums %v", acc)
	}
	// A second word adds to the sums; only a place new to the list is
	// listed again.
	n = accumulate(acc, touched, n, 1, []posting{{doc: 1, w: 0.5}, {doc: 2, w: 0.5}}, math.MaxInt32)
	if n != 3 || touched[2] != 2 || acc[1] != 1.5 || acc[2] != 0.5 {
		t.Fatalf("listed %v, sums %v", touched[:n], acc)
	}
}
