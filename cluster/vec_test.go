package cluster

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomVecs makes n vectors of about terms words each, sorted by hash,
// drawing about half their words from a shared vocabulary of 2,000.
func randomVecs(r *rand.Rand, n, terms int) []vec {
	vocab := make([]uint32, 2000)
	for i := range vocab {
		vocab[i] = r.Uint32()
	}
	vs := make([]vec, n)
	for k := range vs {
		seen := make(map[uint32]bool)
		var v vec
		for range terms {
			h := r.Uint32()
			if r.IntN(2) == 0 {
				h = vocab[r.IntN(len(vocab))]
			}
			if !seen[h] {
				seen[h] = true
				v = append(v, Term{Hash: h, Weight: r.Float32()})
			}
		}
		slices.SortFunc(v, func(a, b Term) int { return int(int64(a.Hash) - int64(b.Hash)) })
		vs[k] = v
	}
	return vs
}

// dot gives exactly the sum of the products of the shared words' weights,
// added in hash order.
func TestDot(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	vs := randomVecs(r, 300, 120)
	vs = append(vs, nil, vec{}, vs[0][:1], vs[1][len(vs[1])-1:])
	for i := range vs {
		for _, j := range []int{i, (i + 1) % len(vs), r.IntN(len(vs))} {
			a, b := vs[i], vs[j]
			w := make(map[uint32]float32)
			for _, x := range b {
				w[x.Hash] = x.Weight
			}
			want := 0.0
			for _, x := range a {
				if y, ok := w[x.Hash]; ok {
					want += float64(x.Weight) * float64(y)
				}
			}
			if got := dot(a, b); got != want {
				t.Fatalf("dot(vs[%d], vs[%d]) = %v, want %v", i, j, got, want)
			}
		}
	}
}

func BenchmarkDot(b *testing.B) {
	for _, terms := range []int{30, 150} {
		b.Run(fmt.Sprintf("terms=%d", terms), func(b *testing.B) {
			vs := randomVecs(rand.New(rand.NewPCG(1, 2)), 1000, terms)
			b.SetBytes(int64(2 * terms * 8))
			s, i := 0.0, 0
			for b.Loop() {
				s += dot(vs[i%1000], vs[(i*7+3)%1000])
				i++
			}
			if s < 0 {
				b.Fatal(s)
			}
		})
	}
}
