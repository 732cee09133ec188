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
)

// Hasher computes MinHash signatures of a fixed size.
//
// Signature value i is the minimum over the set of h_i(x) = the top 32 bits
// of a_i·x + b_i (mod 2^64), with odd a_i and any b_i drawn from the seed: a
// multiply-shift family, which is cheap and, applied to well-mixed 64-bit
// shingle hashes, behaves like a min-wise independent family for the
// purpose of estimating Jaccard similarity. A Hasher is safe for
// concurrent use.
type Hasher struct {
	a, b []uint64
	seed uint64
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
	for range k {
		dst = append(dst, Empty)
	}
	sig := dst[start : start+k]
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
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	eq := 0
	for i, v := range a {
		if v == b[i] && v != Empty {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
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
