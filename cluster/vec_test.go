package cluster

import (
	"fmt"
	"math/rand/v2"
	"reflect"
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

// dotTable's product is dot's, bit for bit, whatever vector it held
// before, for vectors of every length up to past its smallest size, with
// words of weight 0 and hashes that share their low bits.
func TestDotTable(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	vs := randomVecs(r, 200, 120)
	vs = append(vs, randomVecs(r, 20, 600)...)
	// Hashes alike in their low 12 bits, 0 among them, so that lookups
	// go past taken slots; and a word of weight 0.
	var crowded vec
	for k := range 40 {
		crowded = append(crowded, Term{Hash: uint32(k) << 12, Weight: r.Float32()})
	}
	crowded[3].Weight = 0
	vs = append(vs, nil, vec{}, crowded, crowded[:1], crowded[1:9], vs[0][:1])
	var tb dotTable
	for i := range vs {
		tb.set(vs[i])
		for j := range vs {
			if got, want := tb.dot(vs[j]), dot(vs[i], vs[j]); got != want {
				t.Fatalf("table of vs[%d]: dot(vs[%d]) = %v, want %v", i, j, got, want)
			}
		}
	}
}

// BenchmarkDotTable compares dot with dotTable on pairs that share their
// first vector seven at a time, as storyLinks' pairs do on average.
func BenchmarkDotTable(b *testing.B) {
	vs := randomVecs(rand.New(rand.NewPCG(1, 2)), 4000, 128)
	pair := func(i int) (int, int) { return (i / 7) % len(vs), (i*7919 + 3) % len(vs) }
	b.Run("merge", func(b *testing.B) {
		s, i := 0.0, 0
		for b.Loop() {
			x, y := pair(i)
			s += dot(vs[x], vs[y])
			i++
		}
		if s < 0 {
			b.Fatal(s)
		}
	})
	b.Run("table", func(b *testing.B) {
		var tb dotTable
		s, i, last := 0.0, 0, -1
		for b.Loop() {
			x, y := pair(i)
			if x != last {
				tb.set(vs[x])
				last = x
			}
			s += tb.dot(vs[y])
			i++
		}
		if s < 0 {
			b.Fatal(s)
		}
	})
}

// A hash that Terms lists more than once is one word of the vector with
// the sum of its weights, whatever the order of the repeats, with or
// without spilling (which builds vectors in place).
func TestVectorsRepeatedTerms(t *testing.T) {
	summed := []Doc{
		{ID: "a", Terms: []Term{{Hash: 7, Weight: 3}, {Hash: 9, Weight: 1}, {Hash: 12, Weight: 2}}},
		{ID: "b", Terms: []Term{{Hash: 7, Weight: 1}, {Hash: 9, Weight: 2}}},
	}
	repeated := []Doc{
		{ID: "a", Terms: []Term{{Hash: 12, Weight: 2}, {Hash: 7, Weight: 2}, {Hash: 9, Weight: 1}, {Hash: 7, Weight: 1}}},
		{ID: "b", Terms: []Term{{Hash: 9, Weight: 0.5}, {Hash: 7, Weight: 1}, {Hash: 9, Weight: 1.5}}},
	}
	vecsOf := func(docs []Doc, spill string) []vec {
		o := opts(summed)
		o.Spill = spill
		g, err := newGrouper(cloneDocs(docs), o)
		if err != nil {
			t.Fatal(err)
		}
		return g.vectors()
	}
	for _, spill := range []string{"", t.TempDir()} {
		want := vecsOf(summed, spill)
		if got := vecsOf(repeated, spill); !reflect.DeepEqual(got, want) {
			t.Errorf("spill %q: vectors %v, want %v", spill, got, want)
		}
		if len(want[0]) != 2 { // 12 is no other article's word
			t.Fatalf("vector %v: want 2 words", want[0])
		}
	}
}
