package minhash

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

// hashOf maps an integer to a well-mixed 64-bit value (the SplitMix64
// output for state i·γ). It is a bijection, so distinct integers give
// distinct hashes: a range of integers is a set of distinct shingle hashes
// whose overlaps with other ranges are known exactly.
func hashOf(i uint64) uint64 {
	z := i * 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// hashRange returns the hashes of base, base+1, …, base+n−1.
func hashRange(base uint64, n int) []uint64 {
	s := make([]uint64, n)
	for i := range s {
		s[i] = hashOf(base + uint64(i))
	}
	return s
}

// overlapping returns two sets whose union has u elements and whose
// intersection has round(j·u) elements, and their exact Jaccard similarity.
func overlapping(rng *rand.Rand, u int, j float64) (a, b []uint64, exact float64) {
	inter := int(math.Round(j * float64(u)))
	aOnly := (u - inter) / 2
	base := rng.Uint64() >> 1
	a = hashRange(base, aOnly+inter)
	b = hashRange(base+uint64(aOnly), u-aOnly)
	rng.Shuffle(len(a), func(x, y int) { a[x], a[y] = a[y], a[x] })
	rng.Shuffle(len(b), func(x, y int) { b[x], b[y] = b[y], b[x] })
	return a, b, float64(inter) / float64(u)
}

// jaccard is the exact Jaccard similarity of two sets of hashes.
func jaccard(a, b []uint64) float64 {
	in := make(map[uint64]bool, len(a))
	for _, x := range a {
		in[x] = true
	}
	union := len(in)
	inter := 0
	seen := make(map[uint64]bool, len(b))
	for _, x := range b {
		if seen[x] {
			continue
		}
		seen[x] = true
		if in[x] {
			inter++
		} else {
			union++
		}
	}
	if union == 0 {
		return 0
	}
	return float64(inter) / float64(union)
}

func mustNew(t testing.TB, k int, seed uint64) *Hasher {
	t.Helper()
	h, err := New(k, seed)
	if err != nil {
		t.Fatalf("New(%d, %d): %v", k, seed, err)
	}
	return h
}

func TestNew(t *testing.T) {
	tests := []struct {
		k  int
		ok bool
	}{
		{-1, false},
		{0, false},
		{1, true},
		{128, true},
		{1 << 16, true},
		{1<<16 + 1, false},
		{1 << 40, false},
		{math.MaxInt, false},
	}
	for _, tt := range tests {
		h, err := New(tt.k, 7)
		if !tt.ok {
			if err == nil || h != nil {
				t.Errorf("New(%d) = %v, %v; want nil Hasher and an error", tt.k, h, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%d): unexpected error %v", tt.k, err)
			continue
		}
		if h.Size() != tt.k || h.Seed() != 7 {
			t.Errorf("New(%d, 7): Size() = %d, Seed() = %d", tt.k, h.Size(), h.Seed())
		}
		if got := len(h.Sign(nil, []uint64{1, 2, 3})); got != tt.k {
			t.Errorf("New(%d): signature has %d values", tt.k, got)
		}
	}
}

func TestSignSeed(t *testing.T) {
	set := hashRange(1000, 500)
	tests := []struct {
		seed1, seed2 uint64
		same         bool
	}{
		{1, 1, true},
		{0, 0, true},
		{0xDEADBEEF, 0xDEADBEEF, true},
		{1, 2, false},
		{0, 1, false},
		{42, 43, false},
	}
	for _, tt := range tests {
		s1 := mustNew(t, 128, tt.seed1).Sign(nil, set)
		s2 := mustNew(t, 128, tt.seed2).Sign(nil, set)
		if tt.same {
			if !slices.Equal(s1, s2) {
				t.Errorf("seed %d: two Hashers give different signatures", tt.seed1)
			}
			continue
		}
		// Independent hash functions agree on a minimum value only by a
		// 32-bit coincidence.
		agree := 0
		for i := range s1 {
			if s1[i] == s2[i] {
				agree++
			}
		}
		if agree > 2 {
			t.Errorf("seeds %d and %d: signatures agree at %d of 128 positions", tt.seed1, tt.seed2, agree)
		}
	}
}

func TestSignEmpty(t *testing.T) {
	for _, k := range []int{1, 16, 128} {
		h := mustNew(t, k, 3)
		for _, in := range [][]uint64{nil, {}} {
			sig := h.Sign(nil, in)
			if len(sig) != k {
				t.Fatalf("k=%d: empty set signature has %d values", k, len(sig))
			}
			for i, v := range sig {
				if v != Empty {
					t.Fatalf("k=%d: empty set signature[%d] = %d, want Empty", k, i, v)
				}
			}
			if got := Similarity(sig, sig); got != 0 {
				t.Errorf("k=%d: Similarity(empty, empty) = %v, want 0", k, got)
			}
			other := h.Sign(nil, []uint64{hashOf(1)})
			if got := Similarity(sig, other); got != 0 {
				t.Errorf("k=%d: Similarity(empty, {x}) = %v, want 0", k, got)
			}
		}
	}
}

func TestSignSetSemantics(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	h := mustNew(t, 128, 99)
	for _, n := range []int{1, 2, 10, 1000} {
		set := hashRange(rng.Uint64()>>1, n)
		want := h.Sign(nil, set)

		shuffled := slices.Clone(set)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := h.Sign(nil, shuffled); !slices.Equal(got, want) {
			t.Errorf("n=%d: shuffling the shingles changes the signature", n)
		}

		repeated := slices.Concat(set, set, set[:n/2+1])
		rng.Shuffle(len(repeated), func(i, j int) { repeated[i], repeated[j] = repeated[j], repeated[i] })
		if got := h.Sign(nil, repeated); !slices.Equal(got, want) {
			t.Errorf("n=%d: repeating shingles changes the signature", n)
		}

		if got := Similarity(want, want); got != 1 {
			t.Errorf("n=%d: Similarity of a signature with itself = %v, want 1", n, got)
		}
	}
}

func TestSignAppends(t *testing.T) {
	h := mustNew(t, 32, 5)
	set := hashRange(77, 50)
	want := h.Sign(nil, set)
	dst := make([]uint32, 2, 40)
	dst[0], dst[1] = 7, 8
	got := h.Sign(dst, set)
	if len(got) != 34 || got[0] != 7 || got[1] != 8 || !slices.Equal(got[2:], want) {
		t.Errorf("Sign([7 8], set) = %v, want [7 8] followed by %v", got, want)
	}
	// Signing into a reused buffer that holds old values must not keep them.
	got = h.Sign(want[:0], hashRange(1e6, 50))
	if slices.Equal(got, h.Sign(nil, set)) {
		t.Errorf("Sign(reused dst) kept the old signature")
	}
	if !slices.Equal(got, h.Sign(nil, hashRange(1e6, 50))) {
		t.Errorf("Sign(reused dst) differs from Sign(nil)")
	}
}

func TestSignConcurrent(t *testing.T) {
	h := mustNew(t, 64, 8)
	set := hashRange(500, 300)
	want := h.Sign(nil, set)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if got := h.Sign(nil, set); !slices.Equal(got, want) {
					errs <- "concurrent Sign differs"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestSimilarity(t *testing.T) {
	const E = Empty
	tests := []struct {
		name string
		a, b []uint32
		want float64
	}{
		{"both nil", nil, nil, 0},
		{"nil and one", nil, []uint32{1}, 0},
		{"different lengths", []uint32{1, 2, 3}, []uint32{1, 2}, 0},
		{"different lengths, prefix equal", []uint32{1, 2}, []uint32{1, 2, 3, 4}, 0},
		{"identical", []uint32{1, 2, 3, 4}, []uint32{1, 2, 3, 4}, 1},
		{"three of four", []uint32{1, 2, 3, 4}, []uint32{1, 2, 9, 4}, 0.75},
		{"none", []uint32{1, 2, 3, 4}, []uint32{5, 6, 7, 8}, 0},
		{"Empty positions do not count", []uint32{E, 1, E, 2}, []uint32{E, 1, E, 2}, 0.5},
		{"all Empty", []uint32{E, E}, []uint32{E, E}, 0},
		{"Empty against value", []uint32{E, 5}, []uint32{5, 5}, 0.5},
	}
	for _, tt := range tests {
		if got := Similarity(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: Similarity(%v, %v) = %v, want %v", tt.name, tt.a, tt.b, got, tt.want)
		}
		if got := Similarity(tt.b, tt.a); got != tt.want {
			t.Errorf("%s: Similarity is not symmetric: got %v, want %v", tt.name, got, tt.want)
		}
	}

	// Signatures of different sizes of real Hashers never compare.
	set := hashRange(1, 100)
	s64 := mustNew(t, 64, 1).Sign(nil, set)
	s128 := mustNew(t, 128, 1).Sign(nil, set)
	if got := Similarity(s64, s128); got != 0 {
		t.Errorf("Similarity(k=64, k=128) = %v, want 0", got)
	}
}

// TestSimilarityAccuracy checks that the estimate is unbiased and has the
// binomial variance J(1−J)/k of an ideal MinHash.
func TestSimilarityAccuracy(t *testing.T) {
	const trials = 200
	rng := rand.New(rand.NewPCG(2024, 7))
	h128 := mustNew(t, 128, 1)
	h256 := mustNew(t, 256, 2)
	var sig128, sig256 []uint32
	// Sums over all trials of (est−J)²/(J(1−J)): ≈ trials·5/k.
	var nv128, nv256 float64
	for _, J := range []float64{0.1, 0.3, 0.5, 0.8, 0.95} {
		sd := math.Sqrt(J * (1 - J) / 128)
		var sumErr float64
		outliers := 0
		for range trials {
			a, b, exact := overlapping(rng, 200+rng.IntN(1801), J)
			if min(len(a), len(b)) < 100 || max(len(a), len(b)) > 2000 {
				t.Fatalf("test sets of %d and %d elements", len(a), len(b))
			}
			sig128 = h128.Sign(sig128[:0], a)
			n := len(sig128)
			sig128 = h128.Sign(sig128, b)
			est := Similarity(sig128[:n], sig128[n:])
			if math.Abs(est-exact) > 4*sd {
				outliers++
				t.Logf("J=%.4f: k=128 estimate %.4f is more than 4σ off", exact, est)
			}
			sumErr += est - exact
			nv128 += (est - exact) * (est - exact) / (exact * (1 - exact))

			sig256 = h256.Sign(sig256[:0], a)
			sig256 = h256.Sign(sig256, b)
			est = Similarity(sig256[:256], sig256[256:])
			nv256 += (est - exact) * (est - exact) / (exact * (1 - exact))
		}
		if outliers > 1 {
			t.Errorf("J=%v: %d of %d estimates more than 4σ (%.3f) off", J, outliers, trials, 4*sd)
		}
		if bias := sumErr / trials; math.Abs(bias) >= 0.01 {
			t.Errorf("J=%v: mean error %.4f over %d trials, want |bias| < 0.01", J, bias, trials)
		}
	}
	// Normalised variance: k·E[(est−J)²/(J(1−J))] should be 1.
	n := float64(5 * trials)
	v128, v256 := nv128/n*128, nv256/n*256
	t.Logf("normalised variance: k=128 %.3f, k=256 %.3f; variance ratio %.3f", v128, v256, nv128/nv256)
	for _, v := range []struct {
		k int
		v float64
	}{{128, v128}, {256, v256}} {
		if v.v < 0.8 || v.v > 1.25 {
			t.Errorf("k=%d: variance is %.3f × J(1−J)/k, want ≈ 1", v.k, v.v)
		}
	}
	if r := nv128 / nv256; r < 1.6 || r > 2.5 {
		t.Errorf("variance(k=128)/variance(k=256) = %.3f, want ≈ 2", r)
	}
}

func TestSimilarityExtremes(t *testing.T) {
	h := mustNew(t, 128, 17)
	a := hashRange(0, 1000)
	b := hashRange(1000, 1000) // disjoint from a
	if got := Similarity(h.Sign(nil, a), h.Sign(nil, b)); got > 0.02 {
		t.Errorf("disjoint sets: Similarity = %v, want ≈ 0", got)
	}
	// A one-element difference in a large set barely moves the estimate.
	c := slices.Clone(a)
	c[0] = hashOf(5000)
	if got, want := Similarity(h.Sign(nil, a), h.Sign(nil, c)), jaccard(a, c); math.Abs(got-want) > 0.03 {
		t.Errorf("near-identical sets: Similarity = %v, true J = %v", got, want)
	}
}

// Similarity is Agreement over the signature size, and 0 for signatures
// of different sizes.
func TestAgreement(t *testing.T) {
	a := []uint32{1, 2, Empty, 4}
	b := []uint32{1, 3, Empty, 4}
	if got := Agreement(a, b); got != 2 {
		t.Errorf("Agreement = %d, want 2 (Empty positions do not agree)", got)
	}
	if got := Similarity(a, b); got != 0.5 {
		t.Errorf("Similarity = %v, want 0.5", got)
	}
	if Agreement(a, b[:3]) != 0 || Similarity(a, b[:3]) != 0 || Similarity(nil, nil) != 0 {
		t.Error("signatures of different sizes, or empty ones, agree")
	}
}

// signOPHPlain is signOPH written plainly: every bin tested in turn for
// being empty, and an empty one filled by optimal densification.
func signOPHPlain(h *Hasher, shingles []uint64) []uint32 {
	k := uint64(h.Size())
	sig := make([]uint32, k)
	for i := range sig {
		sig[i] = Empty
	}
	for _, x := range shingles {
		v := fmix64(x * h.mix)
		bin := (v >> 32) * k >> 32
		sig[bin] = min(sig[bin], uint32(v))
	}
	full := make([]bool, k)
	any := false
	for i, v := range sig {
		full[i] = v != Empty
		any = any || full[i]
	}
	if !any {
		return sig
	}
	for i := range sig {
		if full[i] {
			continue
		}
		for t := uint64(1); ; t++ {
			p := fmix64(h.mix ^ uint64(i)<<32 ^ t)
			if j := (p >> 32) * k >> 32; full[j] {
				sig[i] = sig[j]
				break
			}
		}
	}
	return sig
}

// One-permutation signatures are those of the plain algorithm, for
// signature sizes that are and are not multiples of 64 (and above the
// 1,024 bins whose bitmap signOPH keeps on the stack), and sets that fill
// few, most or all bins.
func TestSignOPHDensified(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, k := range []int{1, 5, 63, 64, 65, 100, 128, 130, 1100} {
		h, err := NewOnePermutation(k, uint64(k))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 2, 3, k / 3, k, 4 * k} {
			for range 20 {
				set := make([]uint64, n)
				for i := range set {
					set[i] = rng.Uint64()
				}
				got, want := h.Sign(nil, set), signOPHPlain(h, set)
				if !slices.Equal(got, want) {
					t.Fatalf("k=%d, %d shingles: signature differs from the plain algorithm's", k, n)
				}
			}
		}
	}
}
