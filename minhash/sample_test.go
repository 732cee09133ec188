package minhash

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// topHalves returns the sorted distinct top-32-bit halves of shingles.
func topHalves(shingles []uint64) []uint32 {
	var v []uint32
	for _, h := range shingles {
		v = append(v, uint32(h>>32))
	}
	slices.Sort(v)
	return slices.Compact(v)
}

// filterLevel keeps the values whose lowest level bits are zero.
func filterLevel(v []uint32, level uint8) []uint32 {
	var out []uint32
	for _, x := range v {
		if x&(1<<level-1) == 0 {
			out = append(out, x)
		}
	}
	return out
}

func TestNewSampleLevels(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, n := range []int{0, 1, 50, 128, 129, 1000, 5000, 20000} {
		for _, maxN := range []int{2, 16, 128, 1000} {
			shingles := hashRange(rng.Uint64()>>1, n)
			// Repeat some shingles, and add some with the same top half
			// as another but a different low half.
			for i := 0; i < n/10; i++ {
				x := shingles[rng.IntN(n)]
				shingles = append(shingles, x, x^uint64(rng.Uint32()|1))
			}
			rng.Shuffle(len(shingles), func(i, j int) { shingles[i], shingles[j] = shingles[j], shingles[i] })

			s := NewSample(nil, shingles, maxN)
			if s.Len() != len(s.Values) {
				t.Errorf("Len() = %d, len(Values) = %d", s.Len(), len(s.Values))
			}
			if s.Len() > maxN {
				t.Errorf("n=%d max=%d: %d values kept", n, maxN, s.Len())
			}
			for i := 1; i < len(s.Values); i++ {
				if s.Values[i-1] >= s.Values[i] {
					t.Fatalf("n=%d max=%d: values not sorted and unique at %d", n, maxN, i)
				}
			}
			all := topHalves(shingles)
			if want := filterLevel(all, s.Level); !slices.Equal(s.Values, want) {
				t.Errorf("n=%d max=%d: level %d sample is not the level-%d filter of all values", n, maxN, s.Level, s.Level)
			}
			// The level is the lowest that fits.
			if s.Level > 0 && len(filterLevel(all, s.Level-1)) <= maxN {
				t.Errorf("n=%d max=%d: level %d, but level %d keeps only %d values", n, maxN, s.Level, s.Level-1, len(filterLevel(all, s.Level-1)))
			}
			if len(all) <= maxN && (s.Level != 0 || !slices.Equal(s.Values, all)) {
				t.Errorf("n=%d max=%d: %d distinct values fit, but level is %d with %d values", n, maxN, len(all), s.Level, s.Len())
			}
			// Consistency: the level-L sample is the level-L filter of
			// the level-0 sample (and of any finer one).
			full := NewSample(nil, shingles, math.MaxInt)
			if full.Level != 0 || !slices.Equal(full.Values, all) {
				t.Errorf("n=%d: level-0 sample has level %d and %d values, want %d", n, full.Level, full.Len(), len(all))
			}
			for l := uint8(0); l <= s.Level; l++ {
				finer := Sample{Level: l, Values: filterLevel(all, l)}
				if got := filterLevel(finer.Values, s.Level); !slices.Equal(got, s.Values) {
					t.Errorf("n=%d max=%d: filtering the level-%d sample to level %d differs from the sample", n, maxN, l, s.Level)
				}
				if got := finer.CountAt(s.Level); got != s.Len() {
					t.Errorf("n=%d max=%d: level-%d sample CountAt(%d) = %d, want %d", n, maxN, l, s.Level, got, s.Len())
				}
			}
		}
	}
}

func TestNewSampleExact(t *testing.T) {
	sh := func(hi uint32, lo uint32) uint64 { return uint64(hi)<<32 | uint64(lo) }
	tests := []struct {
		name      string
		shingles  []uint64
		max       int
		wantLevel uint8
		want      []uint32
	}{
		{"empty", nil, 4, 0, nil},
		{"level 0, dedup by top half", []uint64{sh(5, 1), sh(3, 0), sh(5, 2), sh(3, 0), sh(1, 9)}, 3, 0, []uint32{1, 3, 5}},
		{"level 1", []uint64{sh(1, 0), sh(2, 0), sh(3, 0), sh(4, 0), sh(6, 0)}, 3, 1, []uint32{2, 4, 6}},
		{"level 2", []uint64{sh(1, 0), sh(2, 0), sh(3, 0), sh(4, 0), sh(8, 0), sh(12, 0)}, 3, 2, []uint32{4, 8, 12}},
		{"skips empty levels", []uint64{sh(1, 0), sh(3, 0), sh(5, 0), sh(16, 0)}, 2, 1, []uint32{16}},
		{"top values", []uint64{math.MaxUint64, sh(1<<31, 0), 0}, 2, 1, []uint32{0, 1 << 31}},
	}
	for _, tt := range tests {
		dst := []uint32{99, 98, 97, 96, 95, 94, 93, 92} // old contents must not leak
		s := NewSample(dst, tt.shingles, tt.max)
		if s.Level != tt.wantLevel || !slices.Equal(s.Values, tt.want) {
			t.Errorf("%s: NewSample(max %d) = level %d %v, want level %d %v", tt.name, tt.max, s.Level, s.Values, tt.wantLevel, tt.want)
		}
		if s.Len() > max(tt.max, 0) {
			t.Errorf("%s: NewSample(max %d) keeps %d values", tt.name, tt.max, s.Len())
		}
	}
}

// TestNewSampleMaxSmall: NewSample promises at most max values. The top
// halves 0 and 2^31 both have their lowest 31 bits zero, so they survive
// every level up to 31; only level 32 (mask 2^32−1, which CountAt and
// Overlap already handle) keeps a single value.
func TestNewSampleMaxSmall(t *testing.T) {
	shingles := []uint64{0<<32 | 1, 1<<63 | 1, 1<<62 | 1}
	s := NewSample(nil, shingles, 1)
	if s.Len() > 1 {
		t.Errorf("NewSample(top halves {0, 2^30, 2^31}, max 1) = level %d %v: %d values, want at most 1", s.Level, s.Values, s.Len())
	}
	if want := filterLevel(topHalves(shingles), s.Level); s.Level < 32 && !slices.Equal(s.Values, want) {
		t.Errorf("level %d sample %v is not the level filter %v", s.Level, s.Values, want)
	}
}

func TestOverlapSelfAndDisjoint(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, n := range []int{0, 10, 300, 3000} {
		for _, maxN := range []int{64, 256} {
			a := NewSample(nil, hashRange(rng.Uint64()>>1, n), maxN)
			shared, na, nb := Overlap(a, a, nil)
			if shared != na || na != nb || na != float64(a.Len()) {
				t.Errorf("n=%d: Overlap(a, a) = %v, %v, %v; want all %d", n, shared, na, nb, a.Len())
			}
			b := NewSample(nil, hashRange(rng.Uint64()>>1, 2*n), maxN)
			level := max(a.Level, b.Level)
			shared, na, nb = Overlap(a, b, nil)
			if shared != 0 || na != float64(a.CountAt(level)) || nb != float64(b.CountAt(level)) {
				t.Errorf("n=%d: Overlap(disjoint) = %v, %v, %v; want 0, %d, %d", n, shared, na, nb, a.CountAt(level), b.CountAt(level))
			}
		}
	}
}

// TestOverlapContainment: a short text inside a long one. A fixed-size
// signature sees a Jaccard similarity of 0.1; the samples see that all of
// the short one is in the long one.
func TestOverlapContainment(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	const trials = 100
	var sumShared, sumNA, sumNB, sumRatio float64
	for range trials {
		bSet := hashRange(rng.Uint64()>>1, 2000)
		aSet := slices.Clone(bSet[:0])
		for _, i := range rng.Perm(2000)[:200] {
			aSet = append(aSet, bSet[i])
		}
		a := NewSample(nil, aSet, 128)
		b := NewSample(nil, bSet, 128)
		if a.Len() > 128 || b.Len() > 128 {
			t.Fatalf("samples of %d and %d values", a.Len(), b.Len())
		}
		shared, na, nb := Overlap(a, b, nil)
		if na > 0 && shared/na < 0.8 {
			t.Errorf("A ⊂ B: shared/na = %v/%v, want ≥ 0.8", shared, na)
		}
		// Every sampled value of A at the coarser level is in B's sample.
		if shared != na {
			t.Errorf("A ⊂ B: shared %v != na %v", shared, na)
		}
		// Symmetric.
		s2, nb2, na2 := Overlap(b, a, nil)
		if s2 != shared || na2 != na || nb2 != nb {
			t.Errorf("Overlap(b, a) = %v, %v, %v; Overlap(a, b) = %v, %v, %v", s2, nb2, na2, shared, na, nb)
		}
		sumShared += shared
		sumNA += na
		sumNB += nb
		sumRatio += shared / nb
	}
	t.Logf("shared/na = %.3f, shared/nb = %.3f (mean of ratios %.3f)", sumShared/sumNA, sumShared/sumNB, sumRatio/trials)
	if r := sumShared / sumNA; r < 0.8 {
		t.Errorf("containment of A in B: %.3f, want ≥ 0.8", r)
	}
	if r := sumShared / sumNB; math.Abs(r-0.1) > 0.02 {
		t.Errorf("containment of B in A: %.3f, want ≈ 0.1", r)
	}
	if r := sumRatio / trials; math.Abs(r-0.1) > 0.02 {
		t.Errorf("mean of shared/nb: %.3f, want ≈ 0.1", r)
	}
}

func TestOverlapLevels(t *testing.T) {
	a := Sample{Level: 0, Values: []uint32{0, 1, 2, 4, 6, 8, 9}}
	b := Sample{Level: 2, Values: []uint32{0, 4, 12}}
	// At level 2: a has 0, 4, 8; b has 0, 4, 12; they share 0 and 4.
	if s, na, nb := Overlap(a, b, nil); s != 2 || na != 3 || nb != 3 {
		t.Errorf("Overlap(a, b) = %v, %v, %v; want 2, 3, 3", s, na, nb)
	}
	if s, na, nb := Overlap(b, a, nil); s != 2 || na != 3 || nb != 3 {
		t.Errorf("Overlap(b, a) = %v, %v, %v; want 2, 3, 3", s, na, nb)
	}
	c := Sample{Level: 1, Values: []uint32{2, 6, 8, 10}}
	// At level 1: a has 0, 2, 4, 6, 8; shares 2, 6, 8 with c.
	if s, na, nb := Overlap(a, c, nil); s != 3 || na != 5 || nb != 4 {
		t.Errorf("Overlap(a, c) = %v, %v, %v; want 3, 5, 4", s, na, nb)
	}
	// Empty samples.
	if s, na, nb := Overlap(Sample{}, b, nil); s != 0 || na != 0 || nb != 3 {
		t.Errorf("Overlap(empty, b) = %v, %v, %v; want 0, 0, 3", s, na, nb)
	}
	if s, na, nb := Overlap(Sample{}, Sample{}, nil); s != 0 || na != 0 || nb != 0 {
		t.Errorf("Overlap(empty, empty) = %v, %v, %v; want 0, 0, 0", s, na, nb)
	}

	// A fine sample against a coarse one of the same set: the coarse one
	// is entirely shared, and the fine one counts at the coarse level.
	rng := rand.New(rand.NewPCG(61, 62))
	set := hashRange(rng.Uint64()>>1, 5000)
	fine := NewSample(nil, set, 5000)
	coarse := NewSample(nil, set, 100)
	if fine.Level != 0 || coarse.Level == 0 {
		t.Fatalf("levels %d and %d", fine.Level, coarse.Level)
	}
	s, na, nb := Overlap(fine, coarse, nil)
	if s != float64(coarse.Len()) || nb != s || na != float64(fine.CountAt(coarse.Level)) || na != s {
		t.Errorf("Overlap(fine, coarse) = %v, %v, %v; want %d, %d, %d", s, na, nb, coarse.Len(), fine.CountAt(coarse.Level), coarse.Len())
	}
}

func TestOverlapWeight(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	base := rng.Uint64() >> 1
	a := NewSample(nil, hashRange(base, 1500), 200)
	b := NewSample(nil, hashRange(base+500, 1500), 200)
	s0, na0, nb0 := Overlap(a, b, nil)
	if s0 == 0 || na0 == 0 || nb0 == 0 {
		t.Fatalf("Overlap = %v, %v, %v; test needs overlapping samples", s0, na0, nb0)
	}
	s1, na1, nb1 := Overlap(a, b, func(uint32) float64 { return 1 })
	if s1 != s0 || na1 != na0 || nb1 != nb0 {
		t.Errorf("weight 1: %v, %v, %v; nil weight: %v, %v, %v", s1, na1, nb1, s0, na0, nb0)
	}
	sh, nah, nbh := Overlap(a, b, func(uint32) float64 { return 0.5 })
	if sh != s0/2 || nah != na0/2 || nbh != nb0/2 {
		t.Errorf("weight 0.5: %v, %v, %v; want %v, %v, %v", sh, nah, nbh, s0/2, na0/2, nb0/2)
	}
	if s, na, nb := Overlap(a, b, func(uint32) float64 { return 0 }); s != 0 || na != 0 || nb != 0 {
		t.Errorf("weight 0: %v, %v, %v; want zeros", s, na, nb)
	}

	// A weight depending on the value, counted once per value.
	x := Sample{Values: []uint32{1, 2, 3, 10}}
	y := Sample{Values: []uint32{2, 3, 4}}
	w := func(v uint32) float64 { return 1 / float64(v) }
	s, na, nb := Overlap(x, y, w)
	if want := 0.5 + 1.0/3; math.Abs(s-want) > 1e-15 {
		t.Errorf("value weights: shared = %v, want %v", s, want)
	}
	if want := 1 + 0.5 + 1.0/3 + 0.1; math.Abs(na-want) > 1e-15 {
		t.Errorf("value weights: na = %v, want %v", na, want)
	}
	if want := 0.5 + 1.0/3 + 0.25; math.Abs(nb-want) > 1e-15 {
		t.Errorf("value weights: nb = %v, want %v", nb, want)
	}
}

func TestCountAt(t *testing.T) {
	s := Sample{Level: 1, Values: []uint32{0, 2, 4, 6, 8, 12, 16, 1 << 31}}
	tests := []struct {
		level uint8
		want  int
	}{
		{0, 8}, // below the sample's own level: everything it holds
		{1, 8},
		{2, 6}, // 0, 4, 8, 12, 16, 2^31
		{3, 4}, // 0, 8, 16, 2^31
		{4, 3}, // 0, 16, 2^31
		{5, 2}, // 0, 2^31
		{31, 2},
	}
	for _, tt := range tests {
		if got := s.CountAt(tt.level); got != tt.want {
			t.Errorf("CountAt(%d) = %d, want %d", tt.level, got, tt.want)
		}
	}
	if got := (Sample{}).CountAt(3); got != 0 {
		t.Errorf("empty CountAt = %d", got)
	}

	// CountAt(L) of a sample is the size of the sample of the same set at
	// level L.
	rng := rand.New(rand.NewPCG(81, 82))
	set := hashRange(rng.Uint64()>>1, 10000)
	fine := NewSample(nil, set, 10000)
	for _, m := range []int{5000, 1000, 100, 10} {
		c := NewSample(nil, set, m)
		if got := fine.CountAt(c.Level); got != c.Len() {
			t.Errorf("CountAt(%d) = %d, level-%d sample has %d", c.Level, got, c.Level, c.Len())
		}
	}
}

// OverlapCoded gives the same sums as Overlap with the same weights, bit
// for bit, and counts the shared values; a nil slice of codes weighs 1.
func TestOverlapCodedMatchesOverlap(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	// Weights with no short binary form, so that a sum made in another
	// order would differ in its last bits.
	weights := make([]float64, 11)
	for c := range weights {
		weights[c] = 1 / float64(c+3)
	}
	weights[0] = 1
	for trial := range 300 {
		var xs, ys []uint64
		for range 300 + r.IntN(300) {
			h := r.Uint64()
			xs = append(xs, h)
			if r.IntN(3) == 0 {
				ys = append(ys, h)
			}
		}
		for range r.IntN(500) {
			ys = append(ys, r.Uint64())
		}
		a, b := NewSample(nil, xs, 16+r.IntN(128)), NewSample(nil, ys, 16+r.IntN(128))
		code := func(v uint32) uint16 { return uint16(v % uint32(len(weights))) }
		wa := make([]uint16, len(a.Values))
		for i, v := range a.Values {
			wa[i] = code(v)
		}
		wb := make([]uint16, len(b.Values))
		for i, v := range b.Values {
			wb[i] = code(v)
		}
		// Some trials weigh one side's values 1 (a nil slice).
		switch trial % 3 {
		case 1:
			wa = nil
		case 2:
			wb = nil
		}
		// Each sum adds its values in order, so it can be made a side at
		// a time: a shared value weighs what it weighs in a.
		level := max(a.Level, b.Level)
		mask := uint32(1)<<level - 1
		wOf := func(w []uint16, i int) float64 {
			if w == nil {
				return 1
			}
			return weights[w[i]]
		}
		inA := make(map[uint32]int)
		for i, v := range a.Values {
			inA[v] = i
		}
		var s1, na1, nb1 float64
		for i, v := range a.Values {
			if v&mask == 0 {
				na1 += wOf(wa, i)
			}
		}
		for j, v := range b.Values {
			if v&mask != 0 {
				continue
			}
			if i, ok := inA[v]; ok {
				s1 += wOf(wa, i)
				nb1 += wOf(wa, i)
			} else {
				nb1 += wOf(wb, j)
			}
		}
		s2, na2, nb2, n := OverlapCoded(a, b, wa, wb, weights)
		if s1 != s2 || na1 != na2 || nb1 != nb2 {
			t.Fatalf("trial %d: want %v %v %v, OverlapCoded %v %v %v", trial, s1, na1, nb1, s2, na2, nb2)
		}
		if wa == nil && wb == nil {
			if s3, na3, nb3 := Overlap(a, b, nil); s3 != s2 || na3 != na2 || nb3 != nb2 {
				t.Fatalf("trial %d: Overlap %v %v %v, OverlapCoded %v %v %v", trial, s3, na3, nb3, s2, na2, nb2)
			}
		}
		u1, _, _ := Overlap(a, b, nil)
		if _, _, _, n2 := OverlapCoded[uint16](a, b, nil, nil, nil); n2 != n || float64(n) != u1 {
			t.Fatalf("trial %d: unweighted %v, counts %d and %d", trial, u1, n, n2)
		}
	}
}

// SortHashes sorts any values, evenly spread or not, of any count.
func TestSortHashes(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{0, 1, 2, 31, 32, 33, 100, 255, 256, 257, 600, 1023, 1024, 1025, 3000} {
		for kind := range 4 {
			xs := make([]uint32, n)
			for i := range xs {
				switch kind {
				case 0: // hashes
					xs[i] = rng.Uint32()
				case 1: // small values: all in the first bucket
					xs[i] = uint32(rng.IntN(50))
				case 2: // descending
					xs[i] = uint32(n - i)
				case 3: // repeats, with low bits cleared as in a sample
					xs[i] = rng.Uint32() &^ 0xff
					if i > 0 && rng.IntN(3) == 0 {
						xs[i] = xs[i-1]
					}
				}
			}
			want := slices.Sorted(slices.Values(xs))
			SortHashes(xs)
			if !slices.Equal(xs, want) {
				t.Fatalf("n=%d kind %d: not sorted as slices.Sort sorts", n, kind)
			}
			// The same values as the top halves of 64-bit ones, the
			// bottom halves in no order.
			ys := make([]uint64, n)
			for i, x := range xs {
				ys[i] = uint64(x)<<32 | uint64(rng.Uint32())
			}
			rng.Shuffle(n, func(i, j int) { ys[i], ys[j] = ys[j], ys[i] })
			want64 := slices.Sorted(slices.Values(ys))
			SortHashes(ys)
			if !slices.Equal(ys, want64) {
				t.Fatalf("n=%d kind %d: 64-bit values not sorted as slices.Sort sorts", n, kind)
			}
		}
	}
}

// randomLists returns 64 lists of n random values (seeded): benchmarks
// go through them in turn, as real input comes, different every time.
func randomLists[T uint32 | uint64](n int) [][]T {
	rng := rand.New(rand.NewPCG(1, 2))
	lists := make([][]T, 64)
	for k := range lists {
		lists[k] = make([]T, n)
		for i := range lists[k] {
			lists[k][i] = T(rng.Uint64())
		}
	}
	return lists
}

// BenchmarkSortHashes sorts 64 different lists in turn: one list sorted
// over and over would let the processor learn its branches.
func BenchmarkSortHashes(b *testing.B) {
	for _, n := range []int{64, 256, 1024} {
		srcs := randomLists[uint32](n)
		xs := make([]uint32, n)
		for _, f := range []struct {
			name string
			sort func([]uint32)
		}{{"SortHashes", SortHashes[uint32]}, {"slices.Sort", slices.Sort[[]uint32]}} {
			b.Run(fmt.Sprintf("%s/n=%d", f.name, n), func(b *testing.B) {
				b.SetBytes(int64(4 * n))
				k := 0
				for b.Loop() {
					copy(xs, srcs[k%len(srcs)])
					f.sort(xs)
					k++
				}
			})
		}
	}
}
