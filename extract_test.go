package samestory

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/shingle"
)

// The set keeps each value once, where it first occurs, after what dst
// holds, across lists of growing and shrinking size reusing one table.
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
		// Appended after what dst holds, when it holds something.
		prefix := []uint64{7, 7, 1}[:trial%4%3]
		got := s.distinct(slices.Clone(prefix), hs)
		if !slices.Equal(got[:len(prefix)], prefix) {
			t.Fatalf("trial %d: dst's values changed: %v", trial, got[:len(prefix)])
		}
		got = got[len(prefix):]
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
	// A long text's list, whose table is only twice as large (see sparse).
	hs := make([]uint64, 40000)
	for i := range hs {
		hs[i] = uint64(i%30000) * 0x100000001
	}
	got := s.distinct(nil, hs)
	if len(got) != 30000 || got[0] != 0 || got[29999] != 29999*0x100000001 {
		t.Fatalf("40,000 values of 30,000: got %d", len(got))
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

// Sums of a term's occurrences, sorted by term, across articles of
// growing and shrinking size reusing one table; terms chosen so that
// some collide in the table.
func TestTermSums(t *testing.T) {
	var s termSums
	var a arena[termCount]
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 300 {
		if trial%10 == 0 {
			a.reset()
		}
		n := rng.IntN(600)
		if trial%100 == 99 {
			n = 20000 // a long text: a table only twice as large (see sparse)
		}
		s.reset(n)
		want := map[uint32]float64{}
		for range n {
			term := uint32(rng.IntN(n/2+1)) << uint(rng.IntN(3)*8)
			f := float64(rng.IntN(4)) / 2
			s.add(term, f)
			want[term] += f
		}
		got := s.sorted(&a)
		if len(got) != len(want) {
			t.Fatalf("trial %d: %d terms, want %d", trial, len(got), len(want))
		}
		for i, tc := range got {
			if i > 0 && got[i-1].term >= tc.term {
				t.Fatalf("trial %d: terms not sorted at %d", trial, i)
			}
			if tc.count != want[tc.term] {
				t.Fatalf("trial %d: term %d counted %v, want %v", trial, tc.term, tc.count, want[tc.term])
			}
		}
	}
}

// topTerms keeps the max terms of the highest scores, ties to the lower
// hash, in hash order, and the squared scores of the others go to the
// rest: checked against sorting by score, with many tied scores.
func TestTopTerms(t *testing.T) {
	x := newExtractor(nil, nil)
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 500 {
		n := rng.IntN(300)
		counts := make([]termCount, n)
		dfs := make([]int32, n)
		for i := range counts {
			counts[i] = termCount{uint32(i*7 + rng.IntN(7)), float64(1+rng.IntN(4)) / 2}
			dfs[i] = int32(rng.IntN(25))
		}
		// Among 5 articles, a word more of them hold has a negative
		// rarity; many are tied.
		rarity := &rarities{idf: cluster.NewIDFs(5), incremental: trial%4 == 0}
		max := 1 + rng.IntN(150)
		got, rest := x.topTerms(counts, dfs, max, rarity)

		type scored struct {
			hash  uint32
			score float64
		}
		var shared []scored
		wantRest := 0.0
		for i, tc := range counts {
			w := 1 + math.Log(tc.count)
			if tc.count < 1 {
				w = tc.count
			}
			idf, ok := rarity.of(dfs[i])
			if !ok {
				wantRest += w * idf * w * idf
				continue
			}
			shared = append(shared, scored{tc.term, w * idf})
		}
		slices.SortStableFunc(shared, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
		var want []uint32
		for i, s := range shared {
			if i < max {
				want = append(want, s.hash)
			} else {
				wantRest += s.score * s.score
			}
		}
		slices.Sort(want)
		var gotHashes []uint32
		for _, t := range got {
			gotHashes = append(gotHashes, t.Hash)
		}
		if !slices.Equal(gotHashes, want) {
			t.Fatalf("trial %d (n=%d, max=%d): kept %v, want %v", trial, n, max, gotHashes, want)
		}
		if math.Abs(float64(rest)-wantRest) > 1e-4*(1+wantRest) {
			t.Fatalf("trial %d: rest %v, want %v", trial, rest, wantRest)
		}
	}
}

// A word's rarity is its IDF; it is shared when two articles or more
// hold it, or in an incremental run, where it ranks as if two did.
func TestRarities(t *testing.T) {
	const n = 100000
	for _, df := range []int32{0, 1, 2, 3, 500, 1<<16 - 1, 1 << 16, 99999, n} {
		r := &rarities{idf: cluster.NewIDFs(n)}
		if idf, shared := r.of(df); idf != cluster.IDF(n, int(df)) || shared != (df >= 2) {
			t.Errorf("df %d: %v, %v; want %v, %v", df, idf, shared, cluster.IDF(n, int(df)), df >= 2)
		}
		r.incremental = true
		if idf, shared := r.of(df); idf != cluster.IDF(n, int(max(df, 2))) || !shared {
			t.Errorf("df %d, incremental: %v, %v; want %v, true", df, idf, shared, cluster.IDF(n, int(max(df, 2))))
		}
	}
}

// Slices an arena hands out keep their values until it is reset, whether
// they fit in the block or grew out of it, and after a reset one block
// holds what the last round needed.
func TestArena(t *testing.T) {
	var a arena[int]
	rng := rand.New(rand.NewPCG(9, 10))
	for round := range 5 {
		needed := a.used
		a.reset()
		if cap(a.block) < needed {
			t.Fatalf("round %d: block of %d after a round that needed %d", round, cap(a.block), needed)
		}
		var got [][]int
		var want [][]int
		for range 200 {
			n := rng.IntN(3000)
			s := a.free(rng.IntN(n + 1)) // room for fewer values at times
			var w []int
			for k := range n {
				s = append(s, round*1e6+len(got)*1e3+k)
				w = append(w, round*1e6+len(got)*1e3+k)
			}
			s = a.keep(s)
			if cap(s) != len(s) {
				t.Fatalf("kept slice has capacity %d beyond its length %d", cap(s), len(s))
			}
			got, want = append(got, s), append(want, w)
		}
		for i := range got {
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("round %d: slice %d changed after it was kept", round, i)
			}
		}
	}
}

// properNames takes the capitalised words that do not start a sentence,
// in any script with letter case, and skips Arabic whole, whatever bytes
// surround it.
func TestProperNames(t *testing.T) {
	x := newExtractor(nil, nil)
	for _, c := range []struct {
		text  string
		names []string
	}{
		{"Putin visited Minsk. He met Lukashenko there", []string{"Minsk", "Lukashenko"}},
		{"قال بوتين إن Gazprom ستزيد الإمدادات. وقال Reuters إن", []string{"Gazprom", "Reuters"}},
		{"Ο Τσίπρας είπε ότι η Αθήνα", []string{"Τσίπρας", "Αθήνα"}},
		{"Москва и Минск подписали", []string{"Минск"}},
		{"the report said O'Neill and Zoë left in 2015 Obama", []string{"O'Neill", "Zoë", "Obama"}},
		{`he said "Hello there|World`, nil},
		{"broken \xff bytes Hasan and \xd8", []string{"Hasan"}},
		{"a\xd8Zeta", nil}, // the lead byte takes the Z with it, then "eta"
		{"Élysée Palace: Macron spoke", []string{"Palace"}},
		{"قال الرئيس الروسي فلاديمير بوتين في مينسك ٢٠٢٢", nil},
		{"the city of Ｔokyo and 𝐀lpha", []string{"Ｔokyo", "𝐀lpha"}}, // lead bytes EF and F0
	} {
		want := map[uint32]bool{}
		for _, w := range c.names {
			n := x.norm.Append(nil, []byte(w))
			tm, ok := term(bytes.TrimRight(n, "\n "))
			if !ok {
				t.Fatalf("%q makes no term", w)
			}
			want[tm] = true
		}
		got := x.properNames([]byte(c.text))
		if len(got) != len(want) {
			t.Errorf("%q: %d names, want %d (%v)", c.text, len(got), len(want), c.names)
			continue
		}
		for tm := range want {
			if !got[tm] {
				t.Errorf("%q: a name of %v missing", c.text, c.names)
			}
		}
	}
}

// Every uppercase letter starts with a byte upperStarts marks, so that a
// text mayHoldUpper says holds none holds none.
func TestUpperStarts(t *testing.T) {
	var buf [utf8.UTFMax]byte
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsUpper(r) {
			utf8.EncodeRune(buf[:], r)
			if !upperStarts[buf[0]] || !mayHoldUpper([]byte("ab "+string(r))) {
				t.Fatalf("%U %q: lead byte %#x not marked", r, r, buf[0])
			}
		}
	}
	// upperCandidates marks every byte that upperStarts marks, in every
	// place of a word of eight bytes, whatever the others are.
	rng := rand.New(rand.NewPCG(5, 6))
	for c := range 256 {
		for k := range 8 {
			for range 20 {
				var b [8]byte
				for j := range b {
					b[j] = byte(rng.IntN(256))
				}
				b[k] = byte(c)
				got := upperCandidates(binary.LittleEndian.Uint64(b[:]))>>(8*k+7)&1 != 0
				if upperStarts[c] && !got {
					t.Fatalf("upperCandidates(% x) leaves out byte %d, %#x", b, k, c)
				}
				if got && !(c >= 'A' && c <= 'Z' || c >= 0xC3 && (c < 0xD8 || c > 0xDF)) {
					t.Fatalf("upperCandidates(% x) marks byte %d, %#x", b, k, c)
				}
			}
		}
	}
	// Long texts, so that words of eight bytes are looked at: a capital
	// at every place is found.
	for k := range 20 {
		for _, up := range []string{"A", "Z", "É", "Ω", "Ж", "ℂ", "Ａ", "𝐀"} {
			text := strings.Repeat("ب", k) + up + " في مينسك"
			if !mayHoldUpper([]byte(text)) {
				t.Fatalf("%q: a capital not found", text)
			}
		}
	}
	// Lead bytes that start some capital, followed by bytes that make
	// none: general punctuation (E2 80), Arabic presentation forms (EF
	// BB), a lone lead byte, one followed by ASCII or by another lead.
	for _, text := range []string{"", "abc def 123", "بوتين في مينسك", "\x80\xbf\xd8",
		"بو\u200cتين \u200e“مينسك”…", "\ufefb\ufe8d", "\xe2", "x\xc3", "\xc3b", "\xc3\xc3", "\xe2\x80"} {
		if mayHoldUpper([]byte(text)) {
			t.Errorf("%q: may hold a capital", text)
		}
	}
}

// logCache gives math.Log bit for bit, whatever it held before: values
// asked again, values that share a slot, and odd ones.
func TestLogCache(t *testing.T) {
	var c logCache
	rng := rand.New(rand.NewPCG(3, 4))
	odd := []float64{0, math.Copysign(0, -1), -1, math.Inf(1), math.NaN(), math.SmallestNonzeroFloat64, 1, 2, 3.5}
	for i := range 20000 {
		var x float64
		switch i % 3 {
		case 0:
			x = odd[rng.IntN(len(odd))]
		case 1:
			x = float64(rng.IntN(40)) / 2 // few values, asked again and again
		default:
			x = rng.Float64() * 100 // many, which push others out
		}
		if got, want := c.log(x), math.Log(x); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("log(%v) = %v, want %v", x, got, want)
		}
	}
}

// A slab's slices do not overlap, cannot grow into each other, and keep
// slices.Clone's nil and empty, whatever the block size.
func TestSlab(t *testing.T) {
	for _, size := range []int{0, 1000, keptBlock} {
		t.Run(fmt.Sprint(size), func(t *testing.T) { testSlab(t, size) })
	}
}

func testSlab(t *testing.T, size int) {
	s := slab[uint32]{size: size}
	if got := s.alloc(0); got == nil || len(got) != 0 {
		t.Errorf("alloc(0) = %#v, want an empty slice, not nil", got)
	}
	if got := s.clone(nil); got != nil {
		t.Errorf("clone(nil) = %#v, want nil", got)
	}
	if got := s.clone([]uint32{}); got == nil || len(got) != 0 {
		t.Errorf("clone(empty) = %#v, want an empty slice, not nil", got)
	}
	var all [][]uint32
	for i := range 3 * cmp.Or(size, slabBlock) / 100 {
		n := 1 + i%150
		a := s.alloc(n)
		if len(a) != n || cap(a) != n {
			t.Fatalf("alloc(%d): len %d, cap %d", n, len(a), cap(a))
		}
		for k := range a {
			a[k] = uint32(i)
		}
		all = append(all, a)
	}
	block := cmp.Or(size, slabBlock)
	big := s.alloc(2 * block) // more than a block
	if len(big) != 2*block || cap(big) != 2*block {
		t.Fatalf("alloc(2·%d): len %d, cap %d", block, len(big), cap(big))
	}
	_ = append(all[0], 99) // must not write into all[1]
	c := s.clone([]uint32{7, 8, 9})
	_ = append(c, 99)
	for i, a := range all {
		for _, v := range a {
			if v != uint32(i) {
				t.Fatalf("slice %d overwritten: %v", i, a)
			}
		}
	}
	if c[0] != 7 || c[2] != 9 {
		t.Errorf("clone = %v", c)
	}
}

// BenchmarkMayHoldUpper looks through the seed articles' Arabic text
// (their words shuffled, seeded, about 100 KB) for a capital: none is
// there, but typographic quotes and dashes are, whose lead byte starts
// capitals too.
func BenchmarkMayHoldUpper(b *testing.B) {
	var words []string
	for _, p := range []string{"001_3b03d875269a3deb", "002_397a5b6dceea92fb", "003_cf6fa2405558f434"} {
		raw, err := os.ReadFile(filepath.Join("testdata", "seeds", p+".txt"))
		if err != nil {
			b.Skip(err)
		}
		for _, w := range strings.Fields(string(raw)) {
			if !mayHoldUpper([]byte(w)) {
				words = append(words, w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for sb.Len() < 100<<10 {
		sb.WriteString(words[rng.IntN(len(words))])
		sb.WriteByte(' ')
	}
	text := []byte(sb.String())
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if mayHoldUpper(text) {
			b.Fatal("a capital")
		}
	}
}
