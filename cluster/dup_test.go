package cluster

import (
	"cmp"
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

// NthSmallest picks what sorting would put at k, ties and all, and
// only reorders the values.
func TestNthSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n < 200; n += 7 {
		for _, distinct := range []int{1, 3, 1000} {
			xs := make([]float32, n)
			for i := range xs {
				xs[i] = float32(rng.IntN(distinct)) / 7
			}
			checkNthSmallest(t, xs)
		}
	}
	for _, n := range []int{1, 2, 3, 10, 129, 400} {
		for _, spread := range []uint64{1, 3, 1 << 62, 1<<64 - 1} {
			xs := make([]uint64, n)
			for i := range xs {
				xs[i] = rng.Uint64N(spread)
			}
			checkNthSmallest(t, xs)
		}
	}
}

func checkNthSmallest[T cmp.Ordered](t *testing.T, xs []T) {
	t.Helper()
	sorted := slices.Sorted(slices.Values(xs))
	for k := range xs {
		ys := slices.Clone(xs)
		if got := NthSmallest(ys, k); got != sorted[k] {
			t.Fatalf("%d values: place %d holds %v, want %v", len(xs), k, got, sorted[k])
		}
		if !slices.Equal(slices.Sorted(slices.Values(ys)), sorted) {
			t.Fatalf("%d values: NthSmallest lost or changed values", len(xs))
		}
	}
}

// BenchmarkNthSmallest picks the 16th heaviest of 128 weights, as the
// probe words are picked, in 2,000 different vectors: one vector over
// and over would let the processor learn where each weight goes.
func BenchmarkNthSmallest(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	vs := make([][]float32, 2000)
	for i := range vs {
		vs[i] = make([]float32, 128)
		for j := range vs[i] {
			// Counts of 1 mostly, rarities of a few hundred values.
			c := 1 + rng.IntN(3)*rng.IntN(2)
			vs[i][j] = float32(c) * float32(1+rng.IntN(200)) / 37
		}
	}
	ws := make([]float32, 128)
	i := 0
	for b.Loop() {
		copy(ws, vs[i%len(vs)])
		NthSmallest(ws, len(ws)-16)
		i++
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
