package minhash

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// riemann is the midpoint sum of f over [a, b] in n steps.
func riemann(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	s := 0.0
	for i := range n {
		s += f(a + (float64(i)+0.5)*h)
	}
	return s * h
}

// allParams returns every (bands, rows) with bands·rows ≤ k.
func allParams(k int) []Params {
	var ps []Params
	for b := 1; b <= k; b++ {
		for r := 1; b*r <= k; r++ {
			ps = append(ps, Params{b, r})
		}
	}
	return ps
}

func TestProbability(t *testing.T) {
	for _, p := range []Params{{1, 1}, {1, 2}, {2, 1}, {20, 5}, {25, 5}, {37, 3}, {9, 13}, {128, 1}, {1, 128}, {16, 8}} {
		if got := p.Probability(0); got != 0 {
			t.Errorf("%v: Probability(0) = %v, want 0", p, got)
		}
		if got := p.Probability(1); got != 1 {
			t.Errorf("%v: Probability(1) = %v, want 1", p, got)
		}
		prev := 0.0
		for i := 1; i <= 1000; i++ {
			s := float64(i) / 1000
			got := p.Probability(s)
			if got < prev || got > 1 {
				t.Fatalf("%v: Probability(%v) = %v after %v: not monotonic in [0, 1]", p, s, got, prev)
			}
			prev = got
		}
	}
	tests := []struct {
		p    Params
		s    float64
		want float64
	}{
		{Params{1, 1}, 0.3, 0.3},
		{Params{1, 2}, 0.5, 0.25},
		{Params{2, 1}, 0.5, 0.75},
		{Params{2, 2}, 0.5, 1 - 0.75*0.75},
		{Params{20, 5}, 0.8, 1 - math.Pow(1-math.Pow(0.8, 5), 20)}, // 0.99964…
		{Params{20, 5}, 0.2, 1 - math.Pow(1-0.00032, 20)},          // 0.0064…
	}
	for _, tt := range tests {
		if got := tt.p.Probability(tt.s); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%v: Probability(%v) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

func TestFalsePositiveNegativeClosedForm(t *testing.T) {
	// One band of r rows: P(s) = s^r, so
	// FP(t) = t^(r+1)/(r+1) and FN(t) = (1−t) − (1−t^(r+1))/(r+1).
	for _, r := range []int{1, 2, 5} {
		p := Params{1, r}
		for _, th := range []float64{0.1, 0.5, 0.8} {
			r1 := float64(r + 1)
			fp := math.Pow(th, r1) / r1
			fn := (1 - th) - (1-math.Pow(th, r1))/r1
			if got := p.FalsePositive(th); math.Abs(got-fp) > 1e-9 {
				t.Errorf("%v: FalsePositive(%v) = %v, want %v", p, th, got, fp)
			}
			if got := p.FalseNegative(th); math.Abs(got-fn) > 1e-9 {
				t.Errorf("%v: FalseNegative(%v) = %v, want %v", p, th, got, fn)
			}
		}
	}
	// Empty ranges.
	p := Params{20, 5}
	if got := p.FalsePositive(0); got != 0 {
		t.Errorf("FalsePositive(0) = %v, want 0", got)
	}
	if got := p.FalseNegative(1); got != 0 {
		t.Errorf("FalseNegative(1) = %v, want 0", got)
	}
}

func TestFalsePositiveNegativeRiemann(t *testing.T) {
	check := func(t *testing.T, p Params, th float64, n int, tol float64) {
		t.Helper()
		fp := riemann(p.Probability, 0, th, n)
		fn := riemann(func(s float64) float64 { return 1 - p.Probability(s) }, th, 1, n)
		gfp, gfn := p.FalsePositive(th), p.FalseNegative(th)
		if d := math.Abs(gfp + gfn - fp - fn); d > tol {
			t.Errorf("%v, t=%v: FP+FN = %.9f, Riemann sum %.9f (off by %.2g > %.0g)", p, th, gfp+gfn, fp+fn, d, tol)
		}
		if d := math.Abs(gfp - fp); d > tol {
			t.Errorf("%v, t=%v: FP = %.9f, Riemann sum %.9f (off by %.2g > %.0g)", p, th, gfp, fp, d, tol)
		}
	}
	// The parameters Optimal picks and other usual ones: within 1e-6.
	for _, p := range []Params{{1, 1}, {37, 3}, {25, 5}, {9, 13}, {20, 5}, {16, 8}, {32, 4}, {64, 2}, {8, 16}, {4, 32}, {50, 2}, {3, 40}} {
		for _, th := range []float64{0.3, 0.5, 0.8} {
			check(t, p, th, 100_000, 1e-6)
		}
	}
	if testing.Short() {
		return
	}
	// Every candidate Optimal weighs for k=128. The fixed 200-step
	// Simpson rule is coarsest on the steepest curves (1×r and 2×r with
	// r ≳ 60 at t=0.3, b×1 with b ≳ 90 at t=0.8, off by up to ≈3e-6),
	// which never come close to being chosen.
	for _, p := range allParams(128) {
		for _, th := range []float64{0.3, 0.5, 0.8} {
			check(t, p, th, 4_000, 5e-6)
		}
	}
}

func TestOptimalThreshold(t *testing.T) {
	for _, th := range []float64{0.3, 0.5, 0.8} {
		p, err := Optimal(128, th, 0.5, 0.5)
		if err != nil {
			t.Fatalf("Optimal(128, %v): %v", th, err)
		}
		if err := p.Validate(128); err != nil {
			t.Errorf("Optimal(128, %v) = %v: %v", th, p, err)
		}
		// The S-curve climbs at the threshold: neither already decided
		// there, nor far from it.
		if pt := p.Probability(th); pt < 0.2 || pt > 0.8 {
			t.Errorf("Optimal(128, %v) = %v: P(t) = %.3f, want in [0.2, 0.8]", th, p, pt)
		}
		if lo := p.Probability(th - 0.2); lo > 0.1 {
			t.Errorf("Optimal(128, %v) = %v: P(t−0.2) = %.3f, want < 0.1", th, p, lo)
		}
		if hi := p.Probability(min(th+0.2, 1)); hi < 0.9 {
			t.Errorf("Optimal(128, %v) = %v: P(t+0.2) = %.3f, want > 0.9", th, p, hi)
		}
		// Inflection point of 1−(1−s^r)^b: s = ((r−1)/(br−1))^(1/r).
		b, r := float64(p.Bands), float64(p.Rows)
		if r > 1 {
			if s := math.Pow((r-1)/(b*r-1), 1/r); math.Abs(s-th) > 0.1 {
				t.Errorf("Optimal(128, %v) = %v: steepest at s=%.3f, want within 0.1 of t", th, p, s)
			}
		}
		t.Logf("t=%v: %v, P(t)=%.3f FP=%.4f FN=%.4f", th, p, p.Probability(th), p.FalsePositive(th), p.FalseNegative(th))
	}
	// Known choices for k=128 and equal weights.
	want := map[float64]Params{0.3: {37, 3}, 0.5: {25, 5}, 0.8: {9, 13}}
	for th, w := range want {
		if got, _ := Optimal(128, th, 0.5, 0.5); got != w {
			t.Errorf("Optimal(128, %v, .5, .5) = %v, want %v", th, got, w)
		}
	}
}

func TestOptimalBruteForce(t *testing.T) {
	weights := [][2]float64{{0.5, 0.5}, {0.9, 0.1}, {0.1, 0.9}, {2, 3}, {1, 0}, {0, 1}}
	for _, k := range []int{1, 2, 16, 128} {
		all := allParams(k)
		for _, th := range []float64{0.3, 0.5, 0.8} {
			fp := make([]float64, len(all))
			fn := make([]float64, len(all))
			for i, p := range all {
				fp[i], fn[i] = p.FalsePositive(th), p.FalseNegative(th)
			}
			for _, w := range weights {
				got, err := Optimal(k, th, w[0], w[1])
				if err != nil {
					t.Fatalf("Optimal(%d, %v, %v, %v): %v", k, th, w[0], w[1], err)
				}
				if err := got.Validate(k); err != nil {
					t.Errorf("Optimal(%d, %v, %v, %v) = %v: %v", k, th, w[0], w[1], got, err)
					continue
				}
				eg := w[0]*got.FalsePositive(th) + w[1]*got.FalseNegative(th)
				for i, p := range all {
					e := w[0]*fp[i] + w[1]*fn[i]
					if e < eg-1e-12 {
						t.Errorf("Optimal(%d, %v, %v, %v) = %v with error %.9g, but %v has %.9g", k, th, w[0], w[1], got, eg, p, e)
					}
					// With a zero weight, many candidates have errors
					// below 1e-12, and which of them wins depends on the
					// order of the search: check ties for real weights.
					if w[0] > 0 && w[1] > 0 && e <= eg+1e-12 && p.Bands < got.Bands {
						t.Errorf("Optimal(%d, %v, %v, %v) = %v, but %v ties with fewer bands", k, th, w[0], w[1], got, p)
					}
				}
			}
		}
		// Only false positives count: a single band (every extra band
		// only adds candidates). For small k, exactly 1×k.
		if got, _ := Optimal(k, 0.5, 1, 0); got.Bands != 1 || k <= 16 && got.Rows != k {
			t.Errorf("Optimal(%d, .5, 1, 0) = %v, want 1 band (of %d rows for small k)", k, got, k)
		}
		// Only false negatives count: rows of one value (every extra row
		// only loses candidates). For small k, exactly k×1.
		if got, _ := Optimal(k, 0.5, 0, 1); got.Rows != 1 || k <= 16 && got.Bands != k {
			t.Errorf("Optimal(%d, .5, 0, 1) = %v, want 1 row (and %d bands for small k)", k, got, k)
		}
	}
}

func TestOptimalErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name       string
		k          int
		t, fp, fn  float64
		wantErrMsg bool
	}{
		{"k=0", 0, 0.5, 0.5, 0.5, true},
		{"k<0", -3, 0.5, 0.5, 0.5, true},
		{"t=0", 128, 0, 0.5, 0.5, true},
		{"t=1", 128, 1, 0.5, 0.5, true},
		{"t<0", 128, -0.2, 0.5, 0.5, true},
		{"t>1", 128, 1.5, 0.5, 0.5, true},
		{"t=NaN", 128, nan, 0.5, 0.5, true},
		{"t=+Inf", 128, inf, 0.5, 0.5, true},
		{"negative fp weight", 128, 0.5, -1, 0.5, true},
		{"negative fn weight", 128, 0.5, 0.5, -0.1, true},
		{"both weights zero", 128, 0.5, 0, 0, true},
		{"NaN fp weight", 128, 0.5, nan, 0.5, true},
		{"NaN fn weight", 128, 0.5, 0.5, nan, true},
		{"+Inf fp weight", 128, 0.5, inf, 0.5, true},
		{"+Inf fn weight", 128, 0.5, 0.5, inf, true},
		{"fine", 128, 0.5, 0.5, 0.5, false},
		{"k=1", 1, 0.5, 0.5, 0.5, false},
		{"tiny t", 64, 1e-9, 0.5, 0.5, false},
		{"large weights", 64, 0.5, 1e6, 3e6, false},
	}
	for _, tt := range tests {
		p, err := Optimal(tt.k, tt.t, tt.fp, tt.fn)
		if tt.wantErrMsg {
			if err == nil {
				t.Errorf("%s: Optimal(%d, %v, %v, %v) = %v, nil; want an error", tt.name, tt.k, tt.t, tt.fp, tt.fn, p)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: Optimal(%d, %v, %v, %v): unexpected error %v", tt.name, tt.k, tt.t, tt.fp, tt.fn, err)
			continue
		}
		if verr := p.Validate(tt.k); verr != nil {
			t.Errorf("%s: Optimal(%d, %v, %v, %v) = %v, which does not validate: %v", tt.name, tt.k, tt.t, tt.fp, tt.fn, p, verr)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		p      Params
		k      int
		ok     bool
		params bool // the error is errParams
	}{
		{Params{20, 5}, 128, true, false},
		{Params{16, 8}, 128, true, false},
		{Params{1, 128}, 128, true, false},
		{Params{128, 1}, 128, true, false},
		{Params{1, 1}, 1, true, false},
		{Params{0, 5}, 128, false, true},
		{Params{5, 0}, 128, false, true},
		{Params{-1, 5}, 128, false, true},
		{Params{5, -1}, 128, false, true},
		{Params{}, 128, false, true},
		{Params{20, 7}, 128, false, false},
		{Params{129, 1}, 128, false, false},
		{Params{1, 2}, 1, false, false},
		{Params{1, 1}, 0, false, false},
	}
	for _, tt := range tests {
		err := tt.p.Validate(tt.k)
		if tt.ok != (err == nil) {
			t.Errorf("%#v.Validate(%d) = %v, want ok=%v", tt.p, tt.k, err, tt.ok)
		}
		if tt.params != errors.Is(err, errParams) {
			t.Errorf("%#v.Validate(%d) = %v; errors.Is(errParams) should be %v", tt.p, tt.k, err, tt.params)
		}
	}
	if err := (Params{20, 7}).Validate(128); err == nil || err.Error() != "minhash: 20 bands × 7 rows needs signatures of 140 values, have 128" {
		t.Errorf("Validate message = %v", err)
	}
}

func TestParamsString(t *testing.T) {
	tests := []struct {
		p    Params
		want string
	}{
		{Params{20, 5}, "20 bands × 5 rows"},
		{Params{1, 1}, "1 bands × 1 rows"},
		{Params{}, "0 bands × 0 rows"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
		if got := fmt.Sprint(tt.p); got != tt.want {
			t.Errorf("fmt.Sprint(%#v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func pair(a, b uint32) uint64 { return uint64(a)<<32 | uint64(b) }

func TestIndexSimilarSignatures(t *testing.T) {
	h := mustNew(t, 128, 1)
	p, _ := Optimal(128, 0.5, 0.5, 0.5)
	ix := NewIndex(p)
	if ix.Params() != p {
		t.Errorf("Params() = %v, want %v", ix.Params(), p)
	}
	a := hashRange(0, 500)
	ix.Add(1, h.Sign(nil, a))
	ix.Add(2, h.Sign(nil, hashRange(1_000_000, 500))) // unrelated
	ix.Add(3, h.Sign(nil, a))                         // identical to 1
	ix.Add(4, h.Sign(nil, hashRange(2_000_000, 500))) // unrelated
	if got, want := ix.Len(), 4*p.Bands; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	pairs, st := ix.Pairs(0)
	if want := []uint64{pair(1, 3)}; !slices.Equal(pairs, want) {
		t.Errorf("Pairs = %x, want %x", pairs, want)
	}
	want := BucketStats{Buckets: p.Bands, Largest: 2}
	if st != want {
		t.Errorf("BucketStats = %+v, want %+v", st, want)
	}
	// Pairs can be called again, and more documents added.
	ix.Add(5, h.Sign(nil, a))
	pairs, _ = ix.Pairs(0)
	if want := []uint64{pair(1, 3), pair(1, 5), pair(3, 5)}; !slices.Equal(pairs, want) {
		t.Errorf("Pairs after another Add = %x, want %x", pairs, want)
	}
}

func TestIndexEmptySignatures(t *testing.T) {
	h := mustNew(t, 16, 1)
	ix := NewIndex(Params{4, 4})
	ix.Add(1, h.Sign(nil, nil))
	ix.Add(2, h.Sign(nil, []uint64{}))
	ix.Add(3, nil)
	if ix.Len() != 0 {
		t.Errorf("Len() = %d after adding empty signatures, want 0", ix.Len())
	}
	pairs, st := ix.Pairs(0)
	if len(pairs) != 0 || st != (BucketStats{}) {
		t.Errorf("Pairs of empty signatures = %x, %+v; want none", pairs, st)
	}
}

func TestIndexPairsEncoding(t *testing.T) {
	sig := []uint32{1, 2, 3, 4}
	ix := NewIndex(Params{2, 2})
	docs := []uint32{math.MaxUint32, 7, 1 << 31, 0, 1<<31 + 1}
	for _, d := range docs {
		ix.Add(d, sig)
	}
	pairs, st := ix.Pairs(0)
	sorted := slices.Sorted(slices.Values(docs))
	var want []uint64
	for i, a := range sorted {
		for _, b := range sorted[i+1:] {
			want = append(want, pair(a, b))
		}
	}
	if !slices.Equal(pairs, want) {
		t.Errorf("Pairs =\n%x\nwant\n%x", pairs, want)
	}
	if want := (BucketStats{Buckets: 2, Largest: 5}); st != want {
		t.Errorf("BucketStats = %+v, want %+v", st, want)
	}
}

// TestIndexPairsBruteForce compares Pairs with the definition: documents
// pair when they agree on every value of some band. Odd and even numbers
// of bands, and any number of workers, give the same.
func TestIndexPairsBruteForce(t *testing.T) {
	for _, bands := range []int{1, 2, 5, 6} {
		for _, workers := range []int{1, 2, 3} {
			t.Run(fmt.Sprintf("bands=%d/workers=%d", bands, workers), func(t *testing.T) {
				testIndexPairsBruteForce(t, Params{Bands: bands, Rows: 3}, workers)
			})
		}
	}
}

func testIndexPairsBruteForce(t *testing.T, p Params, workers int) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 200
	sigs := make([][]uint32, n)
	ix := NewIndex(p)
	ix.SetWorkers(workers)
	for d := range sigs {
		sigs[d] = make([]uint32, p.Bands*p.Rows+2) // longer than needed
		for i := range sigs[d] {
			sigs[d][i] = uint32(rng.IntN(3))
		}
	}
	// Add in random order.
	for _, d := range rng.Perm(n) {
		ix.Add(uint32(d), sigs[d])
	}
	pairs, st := ix.Pairs(0)

	var want []uint64
	for a := range n {
		for b := a + 1; b < n; b++ {
			for band := range p.Bands {
				lo, hi := band*p.Rows, (band+1)*p.Rows
				if slices.Equal(sigs[a][lo:hi], sigs[b][lo:hi]) {
					want = append(want, pair(uint32(a), uint32(b)))
					break
				}
			}
		}
	}
	if !slices.Equal(pairs, want) {
		t.Errorf("Pairs: %d pairs, brute force %d", len(pairs), len(want))
	}
	for i, x := range pairs {
		if a, b := uint32(x>>32), uint32(x); a >= b {
			t.Errorf("pair %x: %d >= %d", x, a, b)
		}
		if i > 0 && pairs[i-1] >= x {
			t.Errorf("pairs not sorted and unique at %d: %x, %x", i, pairs[i-1], x)
		}
	}
	var wantSt BucketStats
	for band := range p.Bands {
		count := map[string]int{}
		for _, s := range sigs {
			count[fmt.Sprint(s[band*p.Rows:(band+1)*p.Rows])]++
		}
		for _, c := range count {
			if c >= 2 {
				wantSt.Buckets++
				wantSt.Largest = max(wantSt.Largest, c)
			}
		}
	}
	if st != wantSt {
		t.Errorf("BucketStats = %+v, want %+v", st, wantSt)
	}
}

func TestIndexOversizedBucket(t *testing.T) {
	// Documents numbered out of insertion order; the m lowest-numbered
	// are the ones every document of the bucket is paired with.
	big := []uint32{90, 10, 50, 30, 70, 20, 100, 40, 80, 60}
	sorted := slices.Sorted(slices.Values(big))
	tests := []struct {
		max       int
		wantPairs int // n(n−1)/2 without a limit, m(m−1)/2 + (n−m)·m with one
		oversized bool
	}{
		{0, 45, false},
		{-1, 45, false},
		{10, 45, false},
		{20, 45, false},
		{9, 36 + 9, true},
		{5, 10 + 25, true},
		{3, 3 + 21, true},
		{2, 1 + 16, true},
		{1, 0 + 9, true},
	}
	for _, tt := range tests {
		p := Params{Bands: 2, Rows: 2}
		ix := NewIndex(p)
		for _, d := range big {
			ix.Add(d, []uint32{1, 2, 3, 4})
		}
		// A small bucket alongside, in the first band only.
		ix.Add(1, []uint32{5, 6, 7, 8})
		ix.Add(2, []uint32{5, 6, 9, 9})
		pairs, st := ix.Pairs(tt.max)

		want := []uint64{pair(1, 2)}
		limit := len(sorted)
		if tt.max > 0 {
			limit = min(limit, tt.max)
		}
		for i, a := range sorted[:limit] {
			for _, b := range sorted[i+1:] {
				want = append(want, pair(a, b))
			}
		}
		slices.Sort(want)
		if len(want) != tt.wantPairs+1 {
			t.Fatalf("max %d: test expects %d pairs, formula %d", tt.max, len(want)-1, tt.wantPairs)
		}
		if !slices.Equal(pairs, want) {
			t.Errorf("max %d: Pairs =\n%x\nwant\n%x", tt.max, pairs, want)
		}
		wantSt := BucketStats{Buckets: 3, Largest: 10}
		for _, size := range []int{10, 10, 2} {
			if tt.max > 0 && size > tt.max {
				wantSt.Oversized++
			}
		}
		if tt.oversized != (wantSt.Oversized >= 2) {
			t.Fatalf("max %d: table says oversized=%v", tt.max, tt.oversized)
		}
		if st != wantSt {
			t.Errorf("max %d: BucketStats = %+v, want %+v", tt.max, st, wantSt)
		}
	}
}

// TestIndexOversizedBucketUnordered holds buckets, smaller and larger
// than the runs Pairs sorts by insertion, added in reverse order of
// document: the documents paired with all others are still the
// lowest-numbered.
func TestIndexOversizedBucketUnordered(t *testing.T) {
	for _, tt := range []struct{ n, limit int }{{10, 3}, {40, 5}} {
		ix := NewIndex(Params{Bands: 1, Rows: 2})
		for d := tt.n - 1; d >= 0; d-- {
			ix.Add(uint32(d), []uint32{7, 7})
		}
		pairs, _ := ix.Pairs(tt.limit)
		var want []uint64
		for a := range tt.limit {
			for b := a + 1; b < tt.n; b++ {
				want = append(want, pair(uint32(a), uint32(b)))
			}
		}
		if !slices.Equal(pairs, want) {
			t.Errorf("%d documents, limit %d: Pairs = %d pairs\n%x\nwant %d\n%x", tt.n, tt.limit, len(pairs), pairs, len(want), want)
		}
	}
}

// TestIndexRecall plants near-copies (Jaccard ≈ 0.8) among unrelated sets
// and checks that LSH with the parameters for t=0.5 finds them and little
// else.
func TestIndexRecall(t *testing.T) {
	rng := rand.New(rand.NewPCG(77, 78))
	h := mustNew(t, 128, 3)
	p, err := Optimal(128, 0.5, 0.5, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	const bases, unrelated = 300, 300
	var sets [][]uint64
	truePairs := map[uint64]bool{}
	next := uint64(0)
	fresh := func(n int) []uint64 {
		s := hashRange(next, n)
		next += uint64(n)
		return s
	}
	for range bases {
		base := fresh(100 + rng.IntN(1901))
		cp := slices.Clone(base)
		// Replacing m of n elements gives J = (n−m)/(n+m); m = n/9 gives 0.8.
		m := len(cp) / 9
		repl := fresh(m)
		for i, j := range rng.Perm(len(cp))[:m] {
			cp[j] = repl[i]
		}
		if j := jaccard(base, cp); j < 0.78 || j > 0.82 {
			t.Fatalf("near-copy has J=%v", j)
		}
		truePairs[pair(uint32(len(sets)), uint32(len(sets)+1))] = true
		sets = append(sets, base, cp)
	}
	for range unrelated {
		sets = append(sets, fresh(100+rng.IntN(1901)))
	}
	// Number documents in random order.
	perm := rng.Perm(len(sets))
	ix := NewIndex(p)
	for i, s := range sets {
		ix.Add(uint32(perm[i]), h.Sign(nil, s)) // the index keeps the signature
	}
	pairs, _ := ix.Pairs(0)
	found := map[uint64]bool{}
	for _, x := range pairs {
		found[x] = true
	}
	hit := 0
	for x := range truePairs {
		a, b := uint32(perm[x>>32]), uint32(perm[uint32(x)])
		if a > b {
			a, b = b, a
		}
		if found[pair(a, b)] {
			hit++
		}
	}
	n := len(sets)
	all := n * (n - 1) / 2
	t.Logf("%v: found %d of %d true pairs; %d candidate pairs of %d", p, hit, len(truePairs), len(pairs), all)
	if hit < len(truePairs)*95/100 {
		t.Errorf("recall %d/%d, want ≥ 95%%", hit, len(truePairs))
	}
	if len(pairs) > all/100 {
		t.Errorf("%d candidate pairs of %d, want < 1%%", len(pairs), all)
	}
	if extra := len(pairs) - hit; extra > len(truePairs)/10 {
		t.Errorf("%d candidate pairs that are not near-copies, want ≤ %d", extra, len(truePairs)/10)
	}
}

// SortPairs sorts as slices.Sort does, for pairs of any width, short and
// long.
func TestSortPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := range 200 {
		n := rng.IntN(5000)
		width := 1 + rng.IntN(32)
		ps := make([]uint64, n)
		for i := range ps {
			a, b := rng.Uint64N(1<<width), rng.Uint64N(1<<width)
			ps[i] = a<<32 | b
		}
		want := slices.Sorted(slices.Values(ps))
		SortPairs(ps, make([]uint64, n))
		if !slices.Equal(ps, want) {
			t.Fatalf("trial %d (n=%d, width %d): not sorted as slices.Sort sorts", trial, n, width)
		}
	}
}

// AppendUnion gives what sorting and compacting the lists' concatenation
// gives, for any number of lists, empty ones and overlapping ones among
// them, after what dst held.
func TestAppendUnion(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for trial := range 300 {
		lists := make([][]uint64, rng.IntN(6))
		var all []uint64
		for i := range lists {
			n := rng.IntN(3) * rng.IntN(400)
			for range n {
				lists[i] = append(lists[i], rng.Uint64N(1+rng.Uint64N(2000)))
			}
			slices.Sort(lists[i])
			lists[i] = slices.Compact(lists[i])
			all = append(all, lists[i]...)
		}
		slices.Sort(all)
		want := slices.Compact(all)
		head := []uint64{7, 3}
		if got := AppendUnion(slices.Clone(head), lists...); !slices.Equal(got, append(head, want...)) {
			t.Fatalf("trial %d: %d lists: union of %d pairs, want %d", trial, len(lists), len(got), len(want))
		}
	}
}

// BenchmarkAppendUnion: merging two workers' sorted pairs, against
// sorting and compacting their concatenation, as Pairs did.
func BenchmarkAppendUnion(b *testing.B) {
	for _, n := range []int{10_000, 2_000_000} {
		rng := rand.New(rand.NewPCG(1, 2))
		lists := make([][]uint64, 2)
		for i := range lists {
			for range n {
				x, y := rng.Uint64N(1_000_000), rng.Uint64N(1_000_000)
				lists[i] = append(lists[i], min(x, y)<<32|max(x, y))
			}
			slices.Sort(lists[i])
			lists[i] = slices.Compact(lists[i])
		}
		dst := make([]uint64, 0, 2*n)
		b.Run(fmt.Sprintf("AppendUnion/n=%d", 2*n), func(b *testing.B) {
			b.SetBytes(int64(16 * n))
			for b.Loop() {
				dst = AppendUnion(dst[:0], lists...)
			}
		})
		b.Run(fmt.Sprintf("slices.Sort/n=%d", 2*n), func(b *testing.B) {
			b.SetBytes(int64(16 * n))
			for b.Loop() {
				dst = append(append(dst[:0], lists[0]...), lists[1]...)
				slices.Sort(dst)
				dst = slices.Compact(dst)
			}
		})
	}
}

// BenchmarkSortPairs: SortPairs against slices.Sort, on pairs of
// documents numbered up to a million.
func BenchmarkSortPairs(b *testing.B) {
	for _, n := range []int{1000, 3000, 10_000, 1_000_000} {
		rng := rand.New(rand.NewPCG(1, 2))
		ps := make([]uint64, n)
		for i := range ps {
			x, y := rng.Uint64N(1_000_000), rng.Uint64N(1_000_000)
			ps[i] = min(x, y)<<32 | max(x, y)
		}
		work, scratch := make([]uint64, n), make([]uint64, n)
		b.Run(fmt.Sprintf("SortPairs/n=%d", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				copy(work, ps)
				SortPairs(work, scratch)
			}
		})
		b.Run(fmt.Sprintf("slices.Sort/n=%d", n), func(b *testing.B) {
			b.SetBytes(int64(8 * n))
			for b.Loop() {
				copy(work, ps)
				slices.Sort(work)
			}
		})
	}
}
