package cluster

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/samestory/samestory/minhash"
)

func TestDocCodecRoundTrip(t *testing.T) {
	docs := []Doc{
		{},
		{ID: "نص-1", Source: "spa.gov.sa", Time: 1437450000, Dated: true, Words: 321, Shingles: 300,
			Sig: []uint32{1, 2, minhash.Empty}, Sample: minhash.Sample{Level: 3, Values: []uint32{0, 8, 16}},
			Terms: []Term{{Hash: 7, Weight: 1.5}, {Hash: 1 << 31, Weight: 0.25}}, Rest: 2.75},
		{ID: "x", Time: -5, Skip: "no text"},
	}
	for _, d := range docs {
		b := AppendDoc(nil, &d)
		got, err := ReadDoc(b)
		if err != nil {
			t.Fatalf("%+v: %v", d, err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, d)
		}
		// Every truncation is an error, never a panic.
		for i := range b {
			if _, err := ReadDoc(b[:i]); err == nil {
				t.Errorf("%q cut to %d bytes read without error", d.ID, i)
			}
		}
	}
	if _, err := ReadDoc([]byte{9}); err == nil {
		t.Error("unknown version read")
	}
}

func FuzzReadDoc(f *testing.F) {
	f.Add(AppendDoc(nil, &Doc{ID: "a", Sig: []uint32{1}, Terms: []Term{{1, 1}}}))
	f.Add([]byte{1, 200, 200, 200, 200, 200})
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := ReadDoc(b)
		if err != nil {
			return
		}
		if again, err := ReadDoc(AppendDoc(nil, &d)); err != nil || !reflect.DeepEqual(again, d) {
			t.Fatalf("re-encoding %+v: %v", d, err)
		}
	})
}

// Documents given one label in Options.Prior stay in one story, even
// with nothing linking them; unlabelled ones are grouped as usual.
func TestGroupPrior(t *testing.T) {
	docs := []Doc{
		mkDoc("a", randomShingles(801, 200), terms(seq("a", 5)...)),
		mkDoc("b", randomShingles(802, 200), terms(seq("b", 5)...)),
		mkDoc("c", randomShingles(803, 200), terms(seq("c", 5)...)),
	}
	o := opts(docs)
	as, _ := group(t, docs, o)
	if as[0].Story == as[1].Story {
		t.Fatal("unrelated documents in one story without a prior")
	}
	o.Prior = []int32{7, 7, -1}
	as, _ = group(t, docs, o)
	if as[0].Story != as[1].Story || as[2].Story == as[0].Story {
		t.Errorf("prior {a, b}: stories %d %d %d", as[0].Story, as[1].Story, as[2].Story)
	}
	if as[0].StorySize != 2 {
		t.Errorf("story size %d, want 2", as[0].StorySize)
	}
}

func TestFoldPairs(t *testing.T) {
	var c pairCounts
	c.fold([]uint64{5, 3, 5, 9}, nil)
	c.fold([]uint64{9, 1, 5}, nil)
	c.fold(nil, nil)
	if want, wantN := []uint64{1, 3, 5, 9}, []uint16{1, 1, 3, 2}; !slices.Equal(c.pairs, want) || !slices.Equal(c.n, wantN) {
		t.Errorf("got %v %v, want %v %v", c.pairs, c.n, want, wantN)
	}
	// Known pairs are left out.
	c = pairCounts{}
	c.fold([]uint64{5, 3, 5, 9, 1, 12}, []uint64{2, 3, 9, 10})
	if want, wantN := []uint64{1, 5, 12}, []uint16{1, 2, 1}; !slices.Equal(c.pairs, want) || !slices.Equal(c.n, wantN) {
		t.Errorf("with known pairs: got %v %v, want %v %v", c.pairs, c.n, want, wantN)
	}
	// Counts stop at maxShared.
	c = pairCounts{}
	many := make([]uint64, maxShared+10)
	c.fold(slices.Clone(many), nil)
	c.fold(many[:5], nil)
	if !slices.Equal(c.n, []uint16{maxShared}) {
		t.Errorf("counts do not stop at %d: %v", maxShared, c.n)
	}
}

// Folds merged in place count as a map does, whatever the overlap of
// the pairs folded with those already counted.
func TestFoldPairsRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 50 {
		var c pairCounts
		want := map[uint64]int{}
		var known []uint64
		for range rng.IntN(20) {
			known = append(known, rng.Uint64N(300))
		}
		slices.Sort(known)
		known = slices.Compact(known)
		for range 1 + rng.IntN(8) {
			batch := make([]uint64, rng.IntN(500))
			for i := range batch {
				batch[i] = rng.Uint64N(uint64(10 + 30*round))
				if _, k := slices.BinarySearch(known, batch[i]); !k {
					want[batch[i]]++
				}
			}
			c.fold(batch, known)
		}
		if len(c.pairs) != len(want) || len(c.n) != len(want) || !slices.IsSorted(c.pairs) {
			t.Fatalf("round %d: %d pairs (sorted %v), want %d", round, len(c.pairs), slices.IsSorted(c.pairs), len(want))
		}
		for i, p := range c.pairs {
			if int(c.n[i]) != want[p] {
				t.Fatalf("round %d: pair %d counted %d, want %d", round, p, c.n[i], want[p])
			}
		}
	}
}
