package shingle

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func TestParseSpec(t *testing.T) {
	tests := []struct {
		in   string
		want Spec
	}{
		{"word:1", Spec{Word, 1}},
		{"word:5", Spec{Word, 5}},
		{"char:5", Spec{Char, 5}},
		{"char:32", Spec{Char, 32}},
	}
	for _, tc := range tests {
		got, err := ParseSpec(tc.in)
		if err != nil {
			t.Errorf("ParseSpec(%q) error: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("ParseSpec(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
		if s := got.String(); s != tc.in {
			t.Errorf("ParseSpec(%q).String() = %q, want the input back", tc.in, s)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseSpec(%q).Validate() = %v, want nil", tc.in, err)
		}
	}
}

func TestParseSpecErrors(t *testing.T) {
	tests := []struct {
		in      string
		errHint string // a part of the error message
	}{
		{"", "want word:N or char:N"},
		{"word", "want word:N or char:N"},
		{"5", "want word:N or char:N"},
		{"line:3", `unknown kind "line"`},
		{"Word:3", `unknown kind "Word"`},
		{":3", `unknown kind ""`},
		{"word:", "size must be"},
		{"word:0", "size must be"},
		{"word:33", "size must be"},
		{"char:-1", "size must be"},
		{"char:x", "size must be"},
		{"char:3.5", "size must be"},
		{"word:3:4", "size must be"},
		{"word: 3", "size must be"},
	}
	for _, tc := range tests {
		sp, err := ParseSpec(tc.in)
		if err == nil {
			t.Errorf("ParseSpec(%q) = %+v, want an error", tc.in, sp)
			continue
		}
		if !strings.Contains(err.Error(), tc.errHint) {
			t.Errorf("ParseSpec(%q) error %q, want it to mention %q", tc.in, err, tc.errHint)
		}
		if sp != (Spec{}) {
			t.Errorf("ParseSpec(%q) returned %+v with its error, want the zero Spec", tc.in, sp)
		}
	}
}

func TestSpecValidate(t *testing.T) {
	tests := []struct {
		sp Spec
		ok bool
	}{
		{Spec{Word, 1}, true},
		{Spec{Char, 32}, true},
		{Spec{Word, 0}, false},
		{Spec{Char, 33}, false},
		{Spec{Word, -1}, false},
		{Spec{Kind(2), 3}, false},
	}
	for _, tc := range tests {
		if err := tc.sp.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tc.sp, err, tc.ok)
		}
	}
}

// hashWords returns the word hashes of a line of normalised text.
func hashWords(line string) []uint64 {
	var hs []uint64
	for _, w := range Words(nil, []byte(line)) {
		hs = append(hs, HashWord(w))
	}
	return hs
}

func TestWordShinglesCount(t *testing.T) {
	words := hashWords("الرييس الروسي فلاديمير بوتين يزور مينسك")
	tests := []struct {
		n, want int
	}{
		{1, 6},
		{2, 5},
		{3, 4},
		{6, 1},
		{7, 1}, // fewer words than n: one shingle of them all
		{32, 1},
		{0, 0}, // n < 1: nothing
		{-1, 0},
	}
	for _, tc := range tests {
		got := WordShingles(nil, words, tc.n)
		if len(got) != tc.want {
			t.Errorf("WordShingles(6 words, n=%d) gave %d shingles, want %d", tc.n, len(got), tc.want)
		}
	}
	if got := WordShingles(nil, nil, 3); len(got) != 0 {
		t.Errorf("WordShingles(no words, 3) = %v, want none", got)
	}
}

func TestWordShinglesWindows(t *testing.T) {
	// Each shingle of "a b c d" with n=2 is the single shingle of its pair.
	all := WordShingles(nil, hashWords("a b c d"), 2)
	var want []uint64
	for _, pair := range []string{"a b", "b c", "c d"} {
		want = WordShingles(want, hashWords(pair), 2)
	}
	if !slices.Equal(all, want) {
		t.Errorf("WordShingles(a b c d, 2) = %x, want the shingles of a b, b c, c d: %x", all, want)
	}
	// A short text's single shingle is the shingle of all its words at any
	// larger n.
	short := hashWords("بوتين مينسك")
	if a, b := WordShingles(nil, short, 5), WordShingles(nil, short, 2); !slices.Equal(a, b) {
		t.Errorf("WordShingles(2 words, 5) = %x, want WordShingles(2 words, 2) = %x", a, b)
	}
	// dst is appended to.
	dst := []uint64{7}
	got := WordShingles(dst, hashWords("a b c"), 2)
	if len(got) != 3 || got[0] != 7 {
		t.Errorf("WordShingles([7], a b c, 2) = %x, want 7 followed by two shingles", got)
	}
}

func TestWordShinglesOrder(t *testing.T) {
	abc := WordShingles(nil, hashWords("a b c"), 3)
	cba := WordShingles(nil, hashWords("c b a"), 3)
	if slices.Equal(abc, cba) {
		t.Errorf("WordShingles of %q and %q are equal (%x): order must matter", "a b c", "c b a", abc)
	}
	ab := WordShingles(nil, hashWords("a b"), 2)
	ba := WordShingles(nil, hashWords("b a"), 2)
	if slices.Equal(ab, ba) {
		t.Errorf("WordShingles of %q and %q are equal: order must matter", "a b", "b a")
	}
	// The same word repeated is not the same as the word once.
	a := WordShingles(nil, hashWords("a"), 1)
	aa := WordShingles(nil, hashWords("a a"), 2)
	if slices.Equal(a, aa) {
		t.Errorf("WordShingles of %q and %q are equal: length must matter", "a", "a a")
	}
	// Deterministic.
	if again := WordShingles(nil, hashWords("a b c"), 3); !slices.Equal(abc, again) {
		t.Errorf("WordShingles is not deterministic: %x then %x", abc, again)
	}
}

func charShingles(text string, n int) []uint64 {
	got, _ := CharShingles(nil, []byte(text), n, nil)
	return got
}

func TestCharShingles(t *testing.T) {
	sum := xxhash.Sum64String
	tests := []struct {
		name string
		text string
		n    int
		want []uint64
	}{
		{"latin", "abcd", 2, []uint64{sum("ab"), sum("bc"), sum("cd")}},
		{"spaces and newlines left out", "ab c\nd\n", 2, []uint64{sum("ab"), sum("bc"), sum("cd")}},
		{"arabic counts runes", "سلام", 2, []uint64{sum("سل"), sum("لا"), sum("ام")}},
		{"arabic with space", "بو تين", 3, []uint64{sum("بوت"), sum("وتي"), sum("تين")}},
		{"mixed scripts", "aب1", 2, []uint64{sum("aب"), sum("ب1")}},
		{"n equals length", "abc", 3, []uint64{sum("abc")}},
		{"fewer characters than n", "سل", 5, []uint64{sum("سل")}},
		{"n=1", "a ب", 1, []uint64{sum("a"), sum("ب")}},
		{"empty", "", 3, nil},
		{"only spaces", " \n \n", 3, nil},
		{"n=0", "abc", 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := charShingles(tc.text, tc.n); !slices.Equal(got, tc.want) {
				t.Errorf("CharShingles(%q, %d) = %x, want %x", tc.text, tc.n, got, tc.want)
			}
		})
	}
}

func TestCharShinglesScratch(t *testing.T) {
	dst := []uint64{1}
	scratch := make([]byte, 0, 64)
	got, scratch2 := CharShingles(dst, []byte("ab cd"), 2, scratch)
	if len(got) != 4 || got[0] != 1 {
		t.Errorf("CharShingles appended to [1] gives %x, want 1 followed by 3 shingles", got)
	}
	if string(scratch2) != "abcd" {
		t.Errorf("CharShingles scratch = %q, want the text without spaces %q", scratch2, "abcd")
	}
	if &scratch2[:1][0] != &scratch[:1][0] {
		t.Errorf("CharShingles did not reuse a scratch buffer large enough")
	}
}

// TestCharShinglesSplitShadda checks that character shingles see through a
// shadda an upstream tool replaced with a space (seed article 003): the
// normalised forms differ as words but give the same character shingles.
func TestCharShinglesSplitShadda(t *testing.T) {
	tests := []struct {
		split, whole string
	}{
		{"تكب دت", "تكبّدت"},
		{"القوات الروسية التي تكب دت سلسلة من الانتكاسات", "القوات الروسية التي تكبّدت سلسلة من الانتكاسات"},
		{"وآمل أن تستمع قريب ا إلى صوت العقل", "وآمل أن تستمع قريبًا إلى صوت العقل"},
	}
	for _, tc := range tests {
		a, b := NormalizeString(tc.split), NormalizeString(tc.whole)
		for _, n := range []int{3, 5} {
			sa, sb := charShingles(a, n), charShingles(b, n)
			slices.Sort(sa)
			slices.Sort(sb)
			if !slices.Equal(slices.Compact(sa), slices.Compact(sb)) {
				t.Errorf("CharShingles(%q, %d) and CharShingles(%q, %d) differ as sets", a, n, b, n)
			}
		}
	}
	// Word shingles, on the other hand, do tell them apart.
	a, b := NormalizeString("تكب دت"), NormalizeString("تكبّدت")
	if a == b {
		t.Fatalf("NormalizeString(%q) == NormalizeString(%q) = %q: the split is not visible any more", "تكب دت", "تكبّدت", a)
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{"", nil},
		{" ", nil},
		{"a", []string{"a"}},
		{"hello world", []string{"hello", "world"}},
		{"  a  b  ", []string{"a", "b"}},
		{"a\nb", []string{"a", "b"}},
		{"الرييس الروسي 2022", []string{"الرييس", "الروسي", "2022"}},
		{"7.6 km", []string{"7.6", "km"}},
	}
	for _, tc := range tests {
		got := Words(nil, []byte(tc.line))
		var gs []string
		for _, w := range got {
			gs = append(gs, string(w))
		}
		if !slices.Equal(gs, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.line, gs, tc.want)
		}
	}
	// Words are subslices of the line.
	line := []byte("بوتين في مينسك")
	ws := Words(nil, line)
	if len(ws) != 3 || &ws[2][0] != &line[len("بوتين في ")] {
		t.Errorf("Words(%q) does not return subslices of the line", line)
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"", nil},
		{"\n", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a"}},
		{"a\nb\n", []string{"a", "b"}},
		{"a\n\nb", []string{"a", "b"}},
		{"\n\na b\nc d\n\n", []string{"a b", "c d"}},
		{"بوتين\nمينسك\n", []string{"بوتين", "مينسك"}},
	}
	for _, tc := range tests {
		got := Lines(nil, []byte(tc.text))
		var gs []string
		for _, l := range got {
			gs = append(gs, string(l))
		}
		if !slices.Equal(gs, tc.want) {
			t.Errorf("Lines(%q) = %q, want %q", tc.text, gs, tc.want)
		}
	}
	// Lines of normalised text and the text agree.
	text := NormalizeString("بوتين يدعو\r\n\r\nإلى تعزيز العلاقات\n")
	ls := Lines(nil, []byte(text))
	var joined []string
	for _, l := range ls {
		joined = append(joined, string(l))
	}
	if got := strings.Join(joined, "\n") + "\n"; got != text {
		t.Errorf("Lines of %q joined back = %q", text, got)
	}
}

func TestHashWord(t *testing.T) {
	if HashWord([]byte("بوتين")) != xxhash.Sum64String("بوتين") {
		t.Errorf("HashWord is not xxhash.Sum64")
	}
	if HashWord([]byte("a")) == HashWord([]byte("b")) {
		t.Errorf("HashWord(a) == HashWord(b)")
	}
}

// Words splits at every run of spaces and line breaks, whatever the
// line holds; Lines drops empty lines.
func TestWordsAndLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	alphabet := []byte("ab \n")
	for trial := range 2000 {
		b := make([]byte, rng.IntN(30))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		var got []string
		for _, w := range Words(nil, b) {
			got = append(got, string(w))
		}
		want := strings.FieldsFunc(string(b), func(r rune) bool { return r == ' ' || r == '\n' })
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: Words(%q) = %q, want %q", trial, b, got, want)
		}
		got = got[:0]
		for _, l := range Lines(nil, b) {
			got = append(got, string(l))
		}
		want = strings.FieldsFunc(string(b), func(r rune) bool { return r == '\n' })
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: Lines(%q) = %q, want %q", trial, b, got, want)
		}
	}
}

// TestWordsBySplitting holds Words, which finds separators eight bytes at
// a time, to a plain split at spaces and newlines, on random lines made
// of separators and of the bytes next to them (a byte one above a
// separator is what a carry between bytes would take for one).
func TestWordsBySplitting(t *testing.T) {
	alphabet := []byte{' ', '\n', '!', 0x0B, 'a', 0x00, 0x01, 0x1F, 0x21, 0x80, 0xD8, 0xA7, 0xFF, 0x7F}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		line := make([]byte, rng.IntN(40))
		for i := range line {
			line[i] = alphabet[rng.IntN(len(alphabet))]
		}
		var want [][]byte
		start := 0
		for i, c := range line {
			if c == ' ' || c == '\n' {
				if i > start {
					want = append(want, line[start:i])
				}
				start = i + 1
			}
		}
		if start < len(line) {
			want = append(want, line[start:])
		}
		got := Words(nil, line)
		if len(got) != len(want) {
			t.Fatalf("Words(%q) = %q, want %q", line, got, want)
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("Words(%q) = %q, want %q", line, got, want)
			}
		}
	}
}
