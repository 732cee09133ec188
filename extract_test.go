package samestory

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/samestory/samestory/shingle"
)

// The set keeps each value once, where it first occurs, across lists of
// growing and shrinking size reusing one table.
func TestHashSetDistinct(t *testing.T) {
	var s hashSet
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := rng.IntN(2000)
		hs := make([]uint64, n)
		for i := range hs {
			// Few distinct values, some of them 0, so that repeats are common.
			hs[i] = rng.Uint64N(uint64(n/3+1)) * 0x100000001
		}
		got := s.distinct(nil, hs)
		var want []uint64
		for _, h := range hs {
			if !slices.Contains(want, h) {
				want = append(want, h)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n=%d): got %d values, want %d", trial, n, len(got), len(want))
		}
	}
}

// The term cache gives what term and the word lists give, whatever was
// looked up before.
func TestTermCache(t *testing.T) {
	var c termCache
	words := []string{"موسكو", "بوتين", "في", "the", "Minsk", "2022", "يوم", "الثلاثاء", "a", "talks", "موسكو"}
	for range 3 {
		for _, w := range words {
			v := c.lookup([]byte(w), shingle.HashWord([]byte(w)))
			tm, ok := term([]byte(w))
			if ok != (v&termOK != 0) || ok && uint32(v>>32) != tm {
				t.Errorf("%q: cache %x, term %x %v", w, v, tm, ok)
			}
		}
	}
}
