// Package ours is the one place where the benchmarks use samestory's API:
// shingling (package shingle) and the signature + LSH stage (package
// minhash). When those APIs change, only this file needs to follow.
package ours

import (
	"fmt"
	"slices"
	"sync"

	"github.com/samestory/samestory/minhash"
	"github.com/samestory/samestory/shingle"
)

// Shingler turns an article into its sorted, distinct word 3-shingle
// hashes, the way samestory does (normalise, words of every line in order,
// word hashes, shingles), without leaving out boilerplate or common
// shingles. It holds scratch buffers: use one per goroutine.
type Shingler struct {
	norm   shingle.Normalizer
	text   []byte
	words  [][]byte
	hashes []uint64
}

// Shingles returns the shingle set of the text, or of the title when the
// text has no words.
func (s *Shingler) Shingles(title, text string) []uint64 {
	s.words = s.words[:0]
	s.text = s.norm.Append(s.text[:0], []byte(text))
	s.words = shingle.Words(s.words, s.text)
	if len(s.words) == 0 {
		s.text = s.norm.Append(s.text[:0], []byte(title))
		s.words = shingle.Words(s.words, s.text)
	}
	s.hashes = s.hashes[:0]
	for _, w := range s.words {
		s.hashes = append(s.hashes, shingle.HashWord(w))
	}
	sh := shingle.WordShingles(nil, s.hashes, 3)
	slices.Sort(sh)
	return slices.Clip(slices.Compact(sh))
}

// Sketches names the signature schemes New accepts: "oph", one-permutation
// hashing with densification (minhash.NewOnePermutation, samestory's
// default), and "classic", k multiply-shift hash functions (minhash.New).
var Sketches = []string{"oph", "classic"}

// Stage is samestory's signature + LSH stage at a signature size and an
// LSH threshold.
type Stage struct {
	h *minhash.Hasher
	p minhash.Params
}

// New returns the stage for signatures of k values of the given sketch,
// seed 1, with bands and rows chosen for the threshold with equal weights
// on false positives and false negatives (as ekzhu/minhash-lsh does).
func New(k int, threshold float64, sketch string) (*Stage, error) {
	var h *minhash.Hasher
	var err error
	switch sketch {
	case "oph":
		h, err = minhash.NewOnePermutation(k, 1)
	case "classic":
		h, err = minhash.New(k, 1)
	default:
		return nil, fmt.Errorf("sketch %q: want one of %v", sketch, Sketches)
	}
	if err != nil {
		return nil, err
	}
	p, err := minhash.Optimal(k, threshold, 0.5, 0.5)
	if err != nil {
		return nil, err
	}
	return &Stage{h: h, p: p}, nil
}

// Describe names the parameters.
func (st *Stage) Describe() string {
	kind := "k hash functions"
	if st.h.OnePermutation() {
		kind = "one permutation"
	}
	return fmt.Sprintf("%d values (%s), %d bands × %d rows", st.h.Size(), kind, st.p.Bands, st.p.Rows)
}

// Signatures holds the signatures of documents 0..n-1.
type Signatures struct {
	k    int
	vals []uint32
}

// Bytes returns the memory the signature values take.
func (s *Signatures) Bytes() int { return 4 * len(s.vals) }

// Sign computes the signatures of the sets on the given number of
// goroutines.
func (st *Stage) Sign(sets [][]uint64, workers int) *Signatures {
	k := st.h.Size()
	sig := &Signatures{k: k, vals: make([]uint32, k*len(sets))}
	parallel(len(sets), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			st.h.Sign(sig.vals[i*k:i*k:(i+1)*k], sets[i])
		}
	})
	return sig
}

// Index adds every signature to a new LSH index that buckets on workers
// goroutines.
func (st *Stage) Index(sig *Signatures, workers int) *Index {
	ix := minhash.NewIndex(st.p)
	ix.SetWorkers(workers)
	n := len(sig.vals) / sig.k
	for i := range n {
		ix.Add(uint32(i), sig.vals[i*sig.k:(i+1)*sig.k])
	}
	return &Index{ix: ix}
}

// Index is a filled LSH index.
type Index struct{ ix *minhash.Index }

// Pairs returns the candidate pairs, each once as a<<32|b with a < b,
// sorted; no limit on bucket sizes.
func (ix *Index) Pairs() []uint64 {
	p, _ := ix.ix.Pairs(0)
	return p
}

// parallel runs f over [0, n) cut into chunks, on workers goroutines.
func parallel(n, workers int, f func(lo, hi int)) {
	const chunk = 256
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for range max(workers, 1) {
		wg.Go(func() {
			for {
				mu.Lock()
				lo := next
				next += chunk
				mu.Unlock()
				if lo >= n {
					return
				}
				f(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}
