package samestory

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// docFreqChunk makes n articles' worth of terms: a few hundred terms an
// article, drawn from a vocabulary of size words, the frequent ones far
// more often, as in text.
func docFreqChunk(seed uint64, n, words int) [][]termCount {
	rng := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(rng, 1.1, 1, uint64(words-1))
	vocab := make([]uint32, words)
	for i := range vocab {
		vocab[i] = rng.Uint32()
	}
	counts := make([][]termCount, n)
	for i := range counts {
		seen := map[uint32]bool{}
		for range 50 + rng.IntN(300) {
			t := vocab[z.Uint64()]
			if !seen[t] {
				seen[t] = true
				counts[i] = append(counts[i], termCount{term: t, count: 1})
			}
		}
	}
	return counts
}

// The counts are the same whatever the number of workers, over chunks
// that add to what earlier chunks counted, and the tables' growth; the
// counts add gives back for a chunk's terms are those after the chunk.
func TestDocFreqAdd(t *testing.T) {
	chunks := [][][]termCount{docFreqChunk(1, 3000, 50000), docFreqChunk(2, 500, 2000), nil, docFreqChunk(3, 4000, 200000)}
	want := map[uint32]int{}
	for _, ch := range chunks {
		for _, c := range ch {
			for _, tc := range c {
				want[tc.term]++
			}
		}
	}
	for _, workers := range []int{1, 2, 3, 16, 40} {
		d := newDocFreq()
		seen := map[uint32]int{}
		for k, ch := range chunks {
			var terms []uint32
			for _, c := range ch {
				for _, tc := range c {
					terms = append(terms, tc.term)
					seen[tc.term]++
				}
			}
			dfs := make([]int32, len(terms))
			d.add(workers, ch, dfs)
			for i, term := range terms {
				if int(dfs[i]) != seen[term] {
					t.Fatalf("%d workers, chunk %d: term %d (%#x) given as counted %d times, want %d", workers, k, i, term, dfs[i], seen[term])
				}
			}
		}
		n := 0
		for _, s := range d.shards {
			n += s.n
		}
		if n != len(want) {
			t.Errorf("%d workers: %d terms counted, want %d", workers, n, len(want))
		}
		for term, c := range want {
			if got := d.get(term); got != c {
				t.Fatalf("%d workers: term %#x counted %d times, want %d", workers, term, got, c)
			}
		}
		if got := d.get(0x12345678); got != 0 && want[0x12345678] == 0 {
			t.Errorf("%d workers: an absent term counted %d", workers, got)
		}
	}
}

func BenchmarkDocFreqAdd(b *testing.B) {
	for _, words := range []int{20000, 200000} {
		counts := docFreqChunk(1, 10000, words)
		terms := 0
		for _, c := range counts {
			terms += len(c)
		}
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("words=%d/workers=%d", words, workers), func(b *testing.B) {
				d := newDocFreq()
				dfs := make([]int32, terms)
				d.add(workers, counts, dfs)
				b.ResetTimer()
				for range b.N {
					d.add(workers, counts, dfs)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(terms), "ns/term")
			})
		}
	}
}
