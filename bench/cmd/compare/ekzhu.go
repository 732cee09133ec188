package main

import (
	"encoding/binary"
	"fmt"
	"slices"

	minhashlsh "github.com/ekzhu/minhash-lsh"
)

// ekzhu runs github.com/ekzhu/minhash-lsh the way its own all-pairs
// command does: a Minhash (its wrapper of dgryski/go-minhash, two seeded
// FNV-1a hashes combined as h1 + i·h2) per set, each shingle pushed as 8
// bytes; the default (32-bit) index; Add every signature, Index, then
// Query every signature. Signing and querying run on workers goroutines
// (both are safe for that); Add is not, so it runs on one.
type ekzhu struct {
	k         int
	threshold float64
	sigs      [][]uint64
	lsh       *minhashlsh.MinhashLSH
}

func (e *ekzhu) describe() string {
	lsh := minhashlsh.NewMinhashLSH(e.k, e.threshold)
	k, l := lsh.Params()
	return fmt.Sprintf("%d values, %d bands × %d rows", e.k, l, k)
}

func (e *ekzhu) sign(sets [][]uint64, workers int) {
	e.sigs = make([][]uint64, len(sets))
	parallel(len(sets), workers, func(lo, hi int) {
		var buf [8]byte
		for i := lo; i < hi; i++ {
			mh := minhashlsh.NewMinhash(1, e.k)
			for _, x := range sets[i] {
				binary.LittleEndian.PutUint64(buf[:], x)
				mh.Push(buf[:])
			}
			e.sigs[i] = mh.Signature()
		}
	})
}

func (e *ekzhu) index() {
	e.lsh = minhashlsh.NewMinhashLSH(e.k, e.threshold)
	for i, s := range e.sigs {
		e.lsh.Add(i, s)
	}
	e.lsh.Index()
}

// pairs queries every signature and returns the candidate pairs, each
// once as a<<32|b with a < b, sorted.
func (e *ekzhu) pairs(workers int) []uint64 {
	parts := make([][]uint64, workers)
	var next chunker
	parallelWorkers(workers, func(w int) {
		var out []uint64
		for {
			lo, hi, ok := next.take(len(e.sigs))
			if !ok {
				break
			}
			for i := lo; i < hi; i++ {
				for _, key := range e.lsh.Query(e.sigs[i]) {
					j := key.(int)
					if j > i {
						out = append(out, uint64(i)<<32|uint64(j))
					} else if j < i {
						out = append(out, uint64(j)<<32|uint64(i))
					}
				}
			}
		}
		parts[w] = out
	})
	all := slices.Concat(parts...)
	slices.Sort(all)
	return slices.Compact(all)
}

func (e *ekzhu) release() { e.sigs, e.lsh = nil, nil }
