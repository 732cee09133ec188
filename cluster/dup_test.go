package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// radixOccs, given values in order of rank as a round fills them,
// sorts them by value, then rank: as a comparison sort would.
func TestRadixOccs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 1000, 100000} {
		for _, spread := range []uint32{3, 1 << 10, 1 << occShift} {
			occs := make([]occ, n)
			for i := range occs {
				// Ranks ascend, as a round fills them; values share the top
				// bits of one partition.
				occs[i] = occ{v: 5<<occShift | rng.Uint32N(spread), r: uint32(i / 3)}
			}
			want := slices.Clone(occs)
			slices.SortFunc(want, func(x, y occ) int {
				if x.v != y.v {
					return int(int64(x.v) - int64(y.v))
				}
				return int(x.r) - int(y.r)
			})
			radixOccs(occs, make([]occ, n+3))
			if !slices.Equal(occs, want) {
				t.Fatalf("n=%d spread=%d: not sorted by value, then rank", n, spread)
			}
		}
	}
}

// nthSmallest picks what sorting would put at k, ties and all.
func TestNthSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 200; n += 7 {
		for _, distinct := range []int{1, 3, 1000} {
			xs := make([]float32, n)
			for i := range xs {
				xs[i] = float32(rng.IntN(distinct)) / 7
			}
			sorted := slices.Clone(xs)
			slices.Sort(sorted)
			for k := range n {
				if got := nthSmallest(slices.Clone(xs), k); got != sorted[k] {
					t.Fatalf("n=%d k=%d: %v, want %v", n, k, got, sorted[k])
				}
			}
		}
	}
}

// withCopies merges as a map would, with room after the story links or
// without.
func TestWithCopies(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	links := func(n int) []edge {
		seen := map[[2]int32]bool{}
		var es []edge
		for range n {
			a := rng.Int32N(30)
			b := a + 1 + rng.Int32N(30)
			if !seen[[2]int32{a, b}] {
				seen[[2]int32{a, b}] = true
				es = append(es, edge{a: a, b: b, sim: float32(rng.IntN(100)) / 100})
			}
		}
		sortEdges(es)
		return es
	}
	for round := range 200 {
		edges, copies := links(rng.IntN(60)), links(rng.IntN(60))
		want := map[[2]int32]float32{}
		for _, e := range edges {
			want[[2]int32{e.a, e.b}] = e.sim
		}
		for _, c := range copies {
			want[[2]int32{c.a, c.b}] = max(want[[2]int32{c.a, c.b}], c.sim)
		}
		if round%2 == 0 {
			edges = append(make([]edge, 0, len(edges)+len(copies)+rng.IntN(5)), edges...)
		}
		got := withCopies(edges, copies)
		if len(got) != len(want) || !slices.IsSortedFunc(got, func(x, y edge) int {
			return cmpPair(x, y)
		}) {
			t.Fatalf("round %d: %d links, want %d, sorted %v", round, len(got), len(want), got)
		}
		for _, e := range got {
			if w, ok := want[[2]int32{e.a, e.b}]; !ok || w != e.sim {
				t.Fatalf("round %d: link %v, want sim %v (present %v)", round, e, w, ok)
			}
		}
	}
}

func cmpPair(x, y edge) int {
	if x.a != y.a {
		return int(x.a - y.a)
	}
	return int(x.b - y.b)
}
