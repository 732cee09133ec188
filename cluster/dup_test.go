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
