// Package minhash computes MinHash signatures of shingle sets, estimates
// their Jaccard similarity, and finds candidate pairs with locality-
// sensitive hashing (LSH) by banding, with the bands and rows chosen from a
// target similarity. It also keeps consistent samples of shingle sets
// (Broder's MOD-m sketches), which, unlike fixed-size signatures, estimate
// how much of a short text is contained in a long one.
//
// All hashing is seeded and deterministic: the same shingles, size and seed
// always give the same signature, on every platform.
package minhash

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Hasher computes MinHash signatures of a fixed size.
//
// Signature value i is the minimum over the set of h_i(x) = the top 32 bits
// of a_i·x + b_i (mod 2^64), with odd a_i and any b_i drawn from the seed: a
// multiply-shift family, which is cheap and, applied to well-mixed 64-bit
// shingle hashes, behaves like a min-wise independent family for the
// purpose of estimating Jaccard similarity. A Hasher is safe for
// concurrent use.
//
// A Hasher made by NewOnePermutation computes signatures of the same
// kind, in the sense that Similarity estimates Jaccard similarity from
// them, with one hash evaluation per shingle instead of k (see
// NewOnePermutation); signatures of the two kinds must not be compared
// with each other.
type Hasher struct {
	a, b []uint64
	seed uint64
	oph  bool
	mix  uint64 // OPH: the seed's mixing constant
}

// New returns a Hasher for signatures of k values from the given seed.
func New(k int, seed uint64) (*Hasher, error) {
	if k < 1 || k > 1<<16 {
		return nil, fmt.Errorf("minhash: signature size %d out of range 1..65536", k)
	}
	h := &Hasher{a: make([]uint64, k), b: make([]uint64, k), seed: seed}
	s := seed
	for i := range k {
		h.a[i] = splitmix(&s) | 1
		h.b[i] = splitmix(&s)
	}
	return h, nil
}

// NewOnePermutation returns a Hasher for signatures of k values computed
// by one-permutation hashing with optimal densification (Li, Owen and
// Zhang 2012; Shrivastava 2017). Every shingle is hashed once: the high
// bits of the hash choose one of k bins, the low 32 bits are its value,
// and each bin keeps its smallest value. A bin no shingle fell into
// borrows the value of a non-empty bin, chosen by a sequence of probes
// that depends only on the seed and the bin, so that two sets' empty
// bins borrow alike. Similarity of two such signatures estimates the
// Jaccard similarity of the sets with the same accuracy as k independent
// hash functions (slightly better for sets much larger than k), at a
// k-th of the cost.
func NewOnePermutation(k int, seed uint64) (*Hasher, error) {
	if k < 1 || k > 1<<16 {
		return nil, fmt.Errorf("minhash: signature size %d out of range 1..65536", k)
	}
	s := seed
	return &Hasher{a: make([]uint64, k), seed: seed, oph: true, mix: splitmix(&s) | 1}, nil
}

// OnePermutation reports whether h computes one-permutation signatures.
func (h *Hasher) OnePermutation() bool { return h.oph }

// Size returns the number of values in a signature.
func (h *Hasher) Size() int { return len(h.a) }

// Seed returns the seed the Hasher was made with.
func (h *Hasher) Seed() uint64 { return h.seed }

// Empty is the value every position of the signature of an empty set has.
const Empty = math.MaxUint32

// Sign appends the signature of a set of shingle hashes to dst (repeated
// hashes do not matter) and returns it. The signature of an empty set is
// all Empty.
func (h *Hasher) Sign(dst []uint32, shingles []uint64) []uint32 {
	k := len(h.a)
	start := len(dst)
	dst = slices.Grow(dst, k)[:start+k]
	sig := dst[start : start+k]
	for i := range sig {
		sig[i] = Empty
	}
	if h.oph {
		h.signOPH(sig, shingles)
		return dst
	}
	a, b := h.a[:k], h.b[:k]
	for _, x := range shingles {
		for i := range sig {
			v := uint32((a[i]*x + b[i]) >> 32)
			if v < sig[i] {
				sig[i] = v
			}
		}
	}
	return dst
}

// Similarity estimates the Jaccard similarity of the sets behind two
// signatures of the same Hasher: the share of positions where they agree.
// Positions where both are Empty (empty sets) do not count as agreement.
func Similarity(a, b []uint32) float64 {
	eq := Agreement(a, b)
	if eq == 0 {
		return 0
	}
	return float64(eq) / float64(len(a))
}

// Agreement returns the number of positions where two signatures agree,
// Empty positions left out, or 0 when their lengths differ: what
// Similarity divides by the signature size, for a caller that keeps it
// in less room than the float.
func Agreement(a, b []uint32) int {
	if len(a) != len(b) {
		return 0
	}
	b = b[:len(a)]
	eq := 0
	// Counted without a branch: for the pairs worth comparing, whether a
	// position agrees cannot be predicted, and this takes half the time.
	for i, v := range a {
		eq += b2i(v == b[i]) & b2i(v != Empty)
	}
	return eq
}

// signOPH fills sig (all Empty) with the one-permutation signature of
// shingles.
func (h *Hasher) signOPH(sig []uint32, shingles []uint64) {
	k := uint64(len(sig))
	// Each bin keeps the least value, without a branch on whether the
	// new one is less: early on, while the bins fill, that cannot be
	// predicted.
	for _, x := range shingles {
		v := fmix64(x * h.mix)
		bin := (v >> 32) * k >> 32
		sig[bin] = min(sig[bin], uint32(v))
	}
	// Optimal densification: an empty bin i probes bins p(i, 1), p(i, 2),
	// ... until one that is not empty in the set's own sketch.
	// Values equal to Empty only mark empty bins: a shingle whose low
	// bits are all ones is vanishingly rare and then counts as absent.
	var small [16]uint64
	full := small[:]
	if len(sig) > 64*len(small) {
		full = make([]uint64, (len(sig)+63)/64)
	}
	full = full[:(len(sig)+63)/64]
	filled := 0
	for i, v := range sig {
		f := b2i(v != Empty)
		full[i/64] |= uint64(f) << (i % 64)
		filled += f
	}
	if filled == 0 || filled == len(sig) {
		return
	}
	// The empty bins, in order, found a word of the bitmap at a time
	// rather than by a test of every bin (whose outcome cannot be
	// predicted); a bin filled here stays empty in full, so that it is
	// never copied from.
	for wi, f := range full {
		empty := ^f
		if rest := len(sig) - 64*wi; rest < 64 {
			empty &= 1<<rest - 1
		}
		for ; empty != 0; empty &= empty - 1 {
			i := 64*wi + bits.TrailingZeros64(empty)
			for t := uint64(1); ; t++ {
				p := fmix64(h.mix ^ uint64(i)<<32 ^ t)
				j := (p >> 32) * k >> 32
				if full[j/64]&(1<<(j%64)) != 0 {
					sig[i] = sig[j]
					break
				}
			}
		}
	}
}

// fmix64 is MurmurHash3's 64-bit finaliser: a bijection that mixes every
// input bit into every output bit.
func fmix64(z uint64) uint64 {
	z ^= z >> 33
	z *= 0xFF51AFD7ED558CCD
	z ^= z >> 33
	z *= 0xC4CEB93FE1A85EC3
	z ^= z >> 33
	return z
}

// splitmix is the SplitMix64 generator: a fixed, portable stream of
// well-mixed values from a seed.
func splitmix(s *uint64) uint64 {
	*s += 0x9E3779B97F4A7C15
	z := *s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// errParams reports bad LSH parameters.
var errParams = errors.New("minhash: bands and rows must be at least 1")
