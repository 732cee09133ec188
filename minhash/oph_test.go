package minhash

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pairWithJaccard returns two sets of distinct random shingles, of sizes
// around n, whose Jaccard similarity is exactly shared/(2n-shared).
func pairWithJaccard(r *rand.Rand, n, shared int) (a, b []uint64, j float64) {
	for range shared {
		x := r.Uint64()
		a, b = append(a, x), append(b, x)
	}
	for range n - shared {
		a = append(a, r.Uint64())
		b = append(b, r.Uint64())
	}
	return a, b, float64(shared) / float64(2*n-shared)
}

// One-permutation signatures estimate Jaccard similarity as well as k
// independent hash functions do: over many random pairs of sets, at low,
// middle and high similarity, the mean squared error of the OPH estimate
// is within 15% of plain MinHash's (or below it) for sets larger than k,
// within 30% for sets smaller than k, where densification fills most
// bins (about 10% more in root mean squared error), and its bias is
// small.
func TestOnePermutationAccuracy(t *testing.T) {
	const k, trials = 128, 400
	for _, n := range []int{40, 150, 1000} {
		for _, share := range []float64{0.1, 0.5, 0.9} {
			shared := int(share * float64(n))
			var mseMH, mseOPH, biasOPH float64
			r := rand.New(rand.NewPCG(uint64(n), uint64(shared)))
			for trial := range trials {
				a, b, j := pairWithJaccard(r, n, shared)
				seed := uint64(trial + 1)
				mh, _ := New(k, seed)
				oph, _ := NewOnePermutation(k, seed)
				em := Similarity(mh.Sign(nil, a), mh.Sign(nil, b))
				eo := Similarity(oph.Sign(nil, a), oph.Sign(nil, b))
				mseMH += (em - j) * (em - j)
				mseOPH += (eo - j) * (eo - j)
				biasOPH += eo - j
			}
			mseMH /= trials
			mseOPH /= trials
			biasOPH /= trials
			t.Logf("n %4d J %.3f: RMSE MinHash %.4f, OPH %.4f; OPH bias %+.4f", n, float64(shared)/float64(2*n-shared), math.Sqrt(mseMH), math.Sqrt(mseOPH), biasOPH)
			limit := 1.15
			if n < k {
				limit = 1.3
			}
			if mseOPH > limit*mseMH+1e-5 {
				t.Errorf("n %d, shared %d: OPH MSE %.5f > %.2f × MinHash MSE %.5f", n, shared, mseOPH, limit, mseMH)
			}
			if math.Abs(biasOPH) > 0.01 {
				t.Errorf("n %d, shared %d: OPH bias %+.4f", n, shared, biasOPH)
			}
		}
	}
}

func TestOnePermutationContract(t *testing.T) {
	h, err := NewOnePermutation(64, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !h.OnePermutation() || h.Size() != 64 {
		t.Fatalf("OnePermutation %v, Size %d", h.OnePermutation(), h.Size())
	}
	empty := h.Sign(nil, nil)
	for _, v := range empty {
		if v != Empty {
			t.Fatalf("signature of the empty set holds %d", v)
		}
	}
	set := []uint64{1, 2, 3, 99, 12345}
	a := h.Sign(nil, set)
	b := h.Sign(nil, []uint64{12345, 99, 3, 2, 1, 1, 2})
	if Similarity(a, b) != 1 {
		t.Errorf("same set in another order, with repeats: similarity %v", Similarity(a, b))
	}
	for _, v := range a {
		if v == Empty {
			t.Fatal("densified signature of a non-empty set has an empty bin")
		}
	}
	if _, err := NewOnePermutation(0, 1); err == nil {
		t.Error("size 0 accepted")
	}
}
