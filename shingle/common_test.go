package shingle

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

func TestNewCommonClampsBits(t *testing.T) {
	tests := []struct {
		bits, wantLen int
	}{
		{-5, 1 << 10},
		{0, 1 << 10},
		{10, 1 << 10},
		{16, 1 << 16},
	}
	for _, tc := range tests {
		c := NewCommon(tc.bits)
		for i, row := range c.rows {
			if len(row) != tc.wantLen {
				t.Errorf("NewCommon(%d): row %d has %d counters, want %d", tc.bits, i, len(row), tc.wantLen)
			}
		}
		if c.Texts() != 0 {
			t.Errorf("NewCommon(%d).Texts() = %d, want 0", tc.bits, c.Texts())
		}
	}
}

func TestCommonExactForFewShingles(t *testing.T) {
	c := NewCommon(16)
	texts := [][]uint64{
		{1, 2, 3},
		{2, 3},
		{3},
		{3, 4},
		{HashWord([]byte("بوتين")), HashWord([]byte("putin"))},
		{HashWord([]byte("بوتين"))},
	}
	want := map[uint64]int{}
	for _, tx := range texts {
		c.Add(tx)
		for _, h := range tx {
			want[h]++
		}
	}
	if c.Texts() != len(texts) {
		t.Errorf("Texts() = %d, want %d", c.Texts(), len(texts))
	}
	for h, n := range want {
		if got := c.Count(h); got != n {
			t.Errorf("Count(%#x) = %d, want %d", h, got, n)
		}
	}
	for _, h := range []uint64{0, 5, 6, HashWord([]byte("lukashenko"))} {
		if got := c.Count(h); got != 0 {
			t.Errorf("Count(%#x) = %d for a shingle never added, want 0", h, got)
		}
	}
}

func TestCommonRepeatedAdd(t *testing.T) {
	c := NewCommon(12)
	set := []uint64{10, 20, 30}
	for i := 1; i <= 50; i++ {
		c.Add(set)
		for _, h := range set {
			if got := c.Count(h); got != i {
				t.Fatalf("after %d Adds: Count(%d) = %d, want %d", i, h, got, i)
			}
		}
	}
	if c.Texts() != 50 {
		t.Errorf("Texts() = %d, want 50", c.Texts())
	}
}

func TestCommonEmptyAdd(t *testing.T) {
	c := NewCommon(10)
	c.Add(nil)
	c.Add([]uint64{})
	if c.Texts() != 2 {
		t.Errorf("Texts() = %d after two empty Adds, want 2", c.Texts())
	}
	if got := c.Count(0); got != 0 {
		t.Errorf("Count(0) = %d, want 0", got)
	}
}

// TestCommonNeverUnderestimates adds 100,000 shingles drawn with a fixed seed
// to sketches of several widths, the narrowest far too small for them, and
// checks every count against an exact map.
func TestCommonNeverUnderestimates(t *testing.T) {
	const (
		texts    = 2000
		perText  = 50 // 100,000 shingles in all
		universe = 20000
	)
	rng := rand.New(rand.NewPCG(1, 2))
	// Distinct shingles per text, skewed so that some are frequent.
	data := make([][]uint64, texts)
	exact := map[uint64]int{}
	for i := range data {
		set := make([]uint64, 0, perText)
		for len(set) < perText {
			var h uint64
			if rng.IntN(4) == 0 {
				h = uint64(rng.IntN(100)) * 0x9E3779B97F4A7C15 // frequent
			} else {
				h = rng.Uint64N(universe) * 0xBF58476D1CE4E5B9
			}
			if !slices.Contains(set, h) {
				set = append(set, h)
			}
		}
		data[i] = set
		for _, h := range set {
			exact[h]++
		}
	}
	for _, bits := range []int{10, 14, 20} {
		c := NewCommon(bits)
		for _, set := range data {
			c.Add(set)
		}
		if c.Texts() != texts {
			t.Errorf("bits %d: Texts() = %d, want %d", bits, c.Texts(), texts)
		}
		wrong, over := 0, 0
		for h, n := range exact {
			got := c.Count(h)
			if got < n {
				t.Errorf("bits %d: Count(%#x) = %d, underestimates the true %d", bits, h, got, n)
			}
			if got != n {
				wrong++
				over += got - n
			}
		}
		t.Logf("bits %d: %d of %d distinct shingles overestimated, by %d in all", bits, wrong, len(exact), over)
		// With 2^20 counters per row for ~20,000 distinct shingles, a
		// collision in all four rows is very unlikely.
		if bits == 20 && wrong > len(exact)/1000 {
			t.Errorf("bits 20: %d of %d counts wrong, want at most 0.1%%", wrong, len(exact))
		}
	}
}

func TestCommonConcurrentOrderFree(t *testing.T) {
	texts := make([][]uint64, 200)
	for i := range texts {
		for j := range 50 {
			texts[i] = append(texts[i], uint64(i*7+j*13)%997)
		}
		slices.Sort(texts[i])
		texts[i] = slices.Compact(texts[i])
	}
	serial := NewCommon(10)
	for i := len(texts) - 1; i >= 0; i-- {
		serial.Add(texts[i])
	}
	par := NewCommon(10)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(texts); i += 4 {
				par.Add(texts[i])
			}
		}()
	}
	wg.Wait()
	if par.Texts() != len(texts) {
		t.Errorf("Texts() = %d, want %d", par.Texts(), len(texts))
	}
	for h := uint64(0); h < 1000; h++ {
		if a, b := serial.Count(h), par.Count(h); a != b {
			t.Fatalf("Count(%d): %d added in reverse order, %d added concurrently", h, a, b)
		}
	}
}

// AtMost answers as Count does, for shingles rare and frequent, in a
// sketch small enough that its rows disagree.
func TestCommonAtMost(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	c := NewCommon(10)
	for range 3000 {
		set := make([]uint64, 20)
		for i := range set {
			set[i] = rng.Uint64N(5000) * 0x9E3779B97F4A7C15
		}
		c.Add(set)
	}
	disagree := 0
	for k := range uint64(5000) {
		h := k * 0x9E3779B97F4A7C15
		n := c.Count(h)
		if c.rows[0][c.index(0, h)] != c.rows[1][c.index(1, h)] {
			disagree++
		}
		for _, m := range []int{n - 1, n, n + 1, 0} {
			if got := c.AtMost(h, m); got != (n <= m) {
				t.Fatalf("AtMost(%x, %d) = %v with Count %d", h, m, got, n)
			}
		}
	}
	if disagree == 0 {
		t.Fatal("the rows never disagree: the test shows nothing")
	}
}

// randomTexts returns n texts of up to per distinct shingles drawn from
// [0, values), each sorted, as Add wants them.
func randomTexts(rng *rand.Rand, n, per int, values uint64) [][]uint64 {
	texts := make([][]uint64, n)
	for i := range texts {
		for range per {
			texts[i] = append(texts[i], rng.Uint64N(values))
		}
		slices.Sort(texts[i])
		texts[i] = slices.Compact(texts[i])
	}
	return texts
}

// Counting in parts, each part by its own goroutine, gives the counters
// Add gives, for any number of parts, even or not.
func TestCommonAddPart(t *testing.T) {
	texts := randomTexts(rand.New(rand.NewPCG(7, 8)), 300, 80, 5000)
	// 10 bits: counted directly; 18: sorted into blocks first.
	for _, bits := range []int{10, blockBits + 3} {
		want := NewCommon(bits)
		for _, tx := range texts {
			want.Add(tx)
		}
		for _, parts := range []int{1, 2, 3, 4, 7} {
			got := NewCommon(bits)
			var wg sync.WaitGroup
			for p := range parts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var b Batch
					// In uneven batches, the scratch space reused.
					for lo := 0; lo < len(texts); lo += 1 + lo/2 {
						got.AddPart(texts[lo:min(len(texts), lo+1+lo/2)], p, parts, &b)
					}
				}()
			}
			wg.Wait()
			if got.Texts() != want.Texts() {
				t.Errorf("%d bits, %d parts: Texts() = %d, want %d", bits, parts, got.Texts(), want.Texts())
			}
			for i := range want.rows {
				if !slices.Equal(got.rows[i], want.rows[i]) {
					t.Fatalf("%d bits, %d parts: row %d differs from Add's", bits, parts, i)
				}
			}
		}
	}
}

// AtMostAll answers as AtMost does, shingle by shingle, whether its
// lookups are sorted into blocks or not, and appends to what keep holds.
func TestCommonAtMostAll(t *testing.T) {
	texts := randomTexts(rand.New(rand.NewPCG(9, 10)), 200, 60, 3000)
	texts[7] = nil // a text without shingles
	for _, bits := range []int{10, blockBits + 3} {
		c := NewCommon(bits)
		for _, tx := range texts {
			c.Add(tx)
		}
		// Row 0 overstates some counts, as a collision would: the second
		// row must tell.
		for k, h := range texts[0] {
			if k%3 == 0 {
				c.rows[0][c.index(0, h)] += 10
			}
		}
		var b Batch
		for _, n := range []int{0, 2, 4, 1000} {
			var want []bool
			yes := 0
			for _, tx := range texts {
				for _, h := range tx {
					want = append(want, c.AtMost(h, n))
					if want[len(want)-1] {
						yes++
					}
				}
			}
			got := c.AtMostAll([]bool{true}, texts, n, &b)
			if len(got) != len(want)+1 || !got[0] || !slices.Equal(got[1:], want) {
				t.Fatalf("%d bits, n %d: AtMostAll differs from AtMost", bits, n)
			}
			if n == 2 && (yes == 0 || yes == len(want)) {
				t.Fatalf("%d bits: all answers the same (%d of %d): the test shows nothing", bits, yes, len(want))
			}
		}
	}
}
