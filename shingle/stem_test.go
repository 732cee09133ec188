package shingle

import (
	"strings"
	"testing"
)

func TestStemArabic(t *testing.T) {
	tests := []struct {
		name string
		raw  string // unnormalised word, as written
		norm string // its normalised form
		want string
	}{
		{"conjunction, article and teh marbuta", "والمدرسة", "والمدرسه", "مدرس"},
		{"article with bi", "بالكتاب", "بالكتاب", "كتاب"},
		{"article with ka", "كالبحر", "كالبحر", "بحر"},
		{"article with fa", "فالحكومة", "فالحكومه", "حكوم"},
		{"lil", "للرئيس", "للرييس", "رييس"},
		{"article and plural -un", "المعلمون", "المعلمون", "معلم"},
		{"article and plural -in", "المعلمين", "المعلمين", "معلم"},
		{"feminine plural -at", "الانتخابات", "الانتخابات", "انتخاب"},
		{"dual -an", "الرئيسان", "الرييسان", "رييس"},
		{"pronoun suffix -ha", "سياستها", "سياستها", "سياست"},
		{"nisba -iyy", "العسكري", "العسكري", "عسكر"},
		// light10 strips a leading و whenever three letters remain, so
		// "وزارات" and "وزارة" lose the root's first letter. Both still get
		// the same stem, which is what matters for comparison.
		{"waw stripped as light10 does, plural", "وزارات", "وزارات", "زار"},
		{"waw stripped as light10 does, singular", "وزارة", "وزاره", "زار"},
		{"short word unchanged", "من", "من", "من"},
		{"three letters with waw unchanged", "ولد", "ولد", "ولد"},
		{"article would leave one letter", "الم", "الم", "الم"},
		{"no affix", "بوتين", "بوتين", "بوت"},
		{"single letter", "و", "و", "و"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.TrimSuffix(NormalizeString(tc.raw), "\n"); got != tc.norm {
				t.Fatalf("NormalizeString(%q) = %q, want %q", tc.raw, got, tc.norm)
			}
			if got := string(Stem([]byte(tc.norm))); got != tc.want {
				t.Errorf("Stem(%q) = %q, want %q", tc.norm, got, tc.want)
			}
		})
	}
}

func TestStemArabicVariantsAgree(t *testing.T) {
	groups := [][]string{
		{"المدرسه", "مدرسه", "والمدرسه", "بالمدرسه"},
		{"كتاب", "الكتاب", "بالكتاب", "والكتاب"},
		{"معلم", "المعلم", "المعلمون", "المعلمين", "معلمون"},
		{"وزارات", "وزاره"},
	}
	for _, g := range groups {
		want := string(Stem([]byte(g[0])))
		for _, w := range g[1:] {
			if got := string(Stem([]byte(w))); got != want {
				t.Errorf("Stem(%q) = %q, want %q (the stem of %q)", w, got, want, g[0])
			}
		}
	}
}

func TestStemLatin(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"bodies", "bod"},
		{"body", "bod"},
		{"horses", "horse"},
		{"horse", "horse"},
		{"class", "class"},
		{"status", "status"},
		{"presidents", "president"},
		{"president", "president"},
		{"cities", "cit"},
		{"city", "cit"},
		{"days", "day"}, // a final y is kept when only three letters remain
		{"day", "day"},
		{"monkeys", "monke"},
		{"goes", "goe"}, // "oes": only the s goes (Harman)
		{"trees", "tree"},
		{"news", "new"},
		{"bus", "bus"}, // shorter than four letters
		{"its", "its"},
		{"covid19", "covid19"}, // digits: left alone
		{"2015", "2015"},
		{"cafés", "cafés"}, // letters beyond ASCII: left alone
		{"путин", "путин"}, // neither Latin nor Arabic
		{"", ""},
	}
	for _, tc := range tests {
		if got := string(Stem([]byte(tc.in))); got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestStemSubslice checks that Stem returns a subslice of its argument: it
// shares the argument's memory and never allocates.
func TestStemSubslice(t *testing.T) {
	words := []string{
		"والمدرسه", "بالكتاب", "المعلمون", "وزارات", "من", "bodies", "horses", "class", "body", "x", "2015", "путин",
	}
	for _, w := range words {
		in := []byte(w)
		res := Stem(in)
		if len(res) == 0 {
			t.Errorf("Stem(%q) is empty", w)
			continue
		}
		// res is in[start:start+len(res)] for start = cap(in)-cap(res).
		start := cap(in) - cap(res)
		if start < 0 || start+len(res) > len(in) {
			t.Errorf("Stem(%q) = %q: not a subslice of its argument (cap %d, argument cap %d)", w, res, cap(res), cap(in))
			continue
		}
		if &res[0] != &in[start] {
			t.Errorf("Stem(%q) = %q: does not share memory with its argument", w, res)
		}
		if string(in) != w {
			t.Errorf("Stem(%q) changed its argument to %q", w, in)
		}
		allocs := testing.AllocsPerRun(100, func() { Stem(in) })
		if allocs != 0 {
			t.Errorf("Stem(%q) allocates %v times per call, want 0", w, allocs)
		}
	}
}
