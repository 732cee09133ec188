package minhash

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func BenchmarkSign(b *testing.B) {
	mh := mustNew(b, 128, 1)
	oph, err := NewOnePermutation(128, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range []struct {
		name string
		h    *Hasher
	}{{"minhash", mh}, {"oph", oph}} {
		for _, n := range []int{100, 1000, 10000} {
			b.Run(fmt.Sprintf("%s/n=%d", h.name, n), func(b *testing.B) {
				set := hashRange(1, n)
				sig := make([]uint32, 0, 128)
				b.SetBytes(int64(8 * n))
				b.ReportAllocs()
				for b.Loop() {
					sig = h.h.Sign(sig[:0], set)
				}
			})
		}
	}
}

// BenchmarkSimilarity compares many different pairs of signatures, of
// similarities from 0.3 to 0.9, as grouping does: one pair compared over
// and over would let the processor learn where it agrees.
func BenchmarkSimilarity(b *testing.B) {
	h := mustNew(b, 128, 1)
	rng := rand.New(rand.NewPCG(1, 1))
	const pairs = 256
	var sigs [pairs][2][]uint32
	for i := range sigs {
		x, y, _ := overlapping(rng, 1000, 0.3+0.6*float64(i)/pairs)
		sigs[i] = [2][]uint32{h.Sign(nil, x), h.Sign(nil, y)}
	}
	rng.Shuffle(pairs, func(i, j int) { sigs[i], sigs[j] = sigs[j], sigs[i] })
	var sum float64
	i := 0
	for b.Loop() {
		p := &sigs[i%pairs]
		sum += Similarity(p[0], p[1])
		i++
	}
	if sum < 0 {
		b.Fatal(sum)
	}
}

func BenchmarkIndexPairs(b *testing.B) {
	const docs = 10000
	h := mustNew(b, 128, 1)
	p, err := Optimal(128, 0.5, 0.5, 0.5)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2, 2))
	sigs := make([][]uint32, docs)
	for d := range sigs {
		set := hashRange(uint64(d)*1000, 100)
		if d%10 == 1 { // every tenth document is a near-copy of the previous
			set = hashRange(uint64(d-1)*1000+uint64(rng.IntN(10)), 100)
		}
		sigs[d] = h.Sign(nil, set)
	}
	b.SetBytes(int64(docs * 4 * 128)) // signature bytes bucketed per op
	b.ReportAllocs()
	var npairs int
	for b.Loop() {
		ix := NewIndex(p)
		for d, s := range sigs {
			ix.Add(uint32(d), s)
		}
		pairs, _ := ix.Pairs(100)
		npairs = len(pairs)
	}
	b.ReportMetric(float64(npairs), "pairs")
}

// BenchmarkNewSample samples 64 different sets of random shingles in
// turn: one set sampled over and over would let the processor learn
// which values its levels keep.
func BenchmarkNewSample(b *testing.B) {
	for _, n := range []int{400, 1000, 10000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			sets := randomLists[uint64](n)
			dst := make([]uint32, 0, n)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			k := 0
			for b.Loop() {
				s := NewSample(dst, sets[k%len(sets)], 128)
				dst = s.Values
				k++
			}
		})
	}
}

// BenchmarkSignMany signs 256 different sets of n shingles in turn, into
// fresh room each time, as a run does: one set signed over and over, as
// in BenchmarkSign, would let the processor learn which bins it fills.
func BenchmarkSignMany(b *testing.B) {
	oph, err := NewOnePermutation(128, 1)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{50, 200, 1000} {
		b.Run(fmt.Sprintf("oph/n=%d", n), func(b *testing.B) {
			sets := make([][]uint64, 256)
			for i := range sets {
				sets[i] = hashRange(uint64(i)*1_000_003, n)
			}
			room := make([]uint32, 0, 128*4096)
			b.SetBytes(int64(8 * n))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if cap(room)-len(room) < 128 {
					room = room[:0]
				}
				room = oph.Sign(room, sets[i%len(sets)])
				i++
			}
		})
	}
}
