package shingle

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

type normalizeCase struct {
	name string
	in   string
	want string
}

// normalizeCases returns the table shared by the exact-output, contract and
// idempotence tests. Per the Normalizer doc comment, every non-empty output
// line ends in '\n' (Append closes the last line too), so every non-empty
// want below ends in "\n".
func normalizeCases() []normalizeCase {
	return []normalizeCase{
		// Empty and blank input.
		{"empty", "", ""},
		{"only spaces", "   \t  ", ""},
		{"only newlines", "\n\r\n\n", ""},
		{"only punctuation", "!!! ... ،؛؟", ""},

		// Harakat, shadda, tanween, superscript alef, tatweel.
		{"harakat and shadda", "مُحَمَّدٌ", "محمد\n"},
		{"tanween fath with shadda", "شَدَّةً", "شده\n"},
		{"tanween kasr", "كتابٍ", "كتاب\n"},
		{"sukun", "مَسْجِد", "مسجد\n"},
		{"superscript alef", "هٰذا", "هذا\n"},
		{"superscript alef in rahman", "الرَّحْمٰن", "الرحمن\n"},
		{"tatweel", "الســــلام", "السلام\n"},
		{"tatweel then folding", "إســـلامـيـة", "اسلاميه\n"},
		{"quranic annotation mark", "الله\u06D6", "الله\n"},

		// Arabic letter variants.
		{"alef variants", "أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله\n"},
		{"alef maqsura", "مستشفى", "مستشفي\n"},
		{"teh marbuta", "مدرسة", "مدرسه\n"},
		{"waw hamza", "مسؤول", "مسوول\n"},
		{"yeh hamza", "رئيس", "رييس\n"},
		{"persian keheh and yeh", "کتاب یک", "كتاب يك\n"},
		{"decomposed alef hamza composes then folds", "ا\u0654حمد", "احمد\n"},
		{"decomposed alef madda composes then folds", "ا\u0653مال", "امال\n"},

		// Digits.
		{"arabic-indic digits", "٢٠١٥", "2015\n"},
		{"persian digits", "۱۴۰۲", "1402\n"},
		{"arabic decimal separator", "٣٫٥", "3.5\n"},
		{"arabic thousands separator", "١٬٠٠٠", "1000\n"},
		{"ascii decimal point kept", "7.6", "7.6\n"},
		{"ascii decimal comma becomes point", "7,6", "7.6\n"},
		{"trailing period is punctuation", "in 2015.", "in 2015\n"},
		{"leading period is punctuation", ".5", "5\n"},
		{"period between letters", "e.g.", "e g\n"},
		{"arabic decimal separator not between digits", "أ٫ب", "ا ب\n"},
		{"arabic thousands separator not between digits", "١٬ ب", "1 ب\n"},
		{"digits in arabic sentence", "أعلنَ الرئيسُ ٢٠٢٢", "اعلن الرييس 2022\n"},
		{"fullwidth digits", "２０２４", "2024\n"},
		{"superscript digit", "x²", "x2\n"},

		// Presentation forms and compatibility characters.
		{"lam-alef ligature", "ﻻ", "لا\n"},
		{"lam-alef-hamza ligature", "ﻷ", "لا\n"},
		{"allah ligature", "ﷲ", "الله\n"},
		{"salla ligature", "ﷺ", "صلي الله عليه وسلم\n"},
		{"isolated presentation forms", "ﺑﻮﺗﻴﻦ", "بوتين\n"},
		{"fullwidth latin", "ＡＢＣ", "abc\n"},
		{"latin ligature", "ﬁnance", "finance\n"},
		{"no-break space", "a\u00a0b", "a b\n"},

		// Latin scripts.
		{"case and punctuation", "Hello, WORLD!", "hello world\n"},
		{"apostrophe between letters dropped", "It's", "its\n"},
		{"typographic apostrophe dropped", "don’t", "dont\n"},
		{"modifier letter apostrophe dropped", "donʼt", "dont\n"},
		{"quotes are not apostrophes", "'quoted'", "quoted\n"},
		{"apostrophe after digit", "90's", "90 s\n"},
		{"sharp s", "Straße", "strasse\n"},
		{"capital sharp s", "STRAẞE", "strasse\n"},
		{"greek capital sigma", "ΣΟΦΟΣ", "σοφοσ\n"},
		{"greek final sigma", "σοφος", "σοφοσ\n"},
		{"greek final sigma with accent kept", "σοφός", "σοφόσ\n"},
		{"accents kept", "Café", "café\n"},
		{"decomposed accent composed", "Cafe\u0301", "café\n"},
		{"turkish dotted capital i", "İstanbul", "istanbul\n"},
		{"kelvin sign", "\u212A", "k\n"},
		{"cyrillic", "ПУТИН", "путин\n"},
		{"hyphen splits", "well-known", "well known\n"},

		// Invisible characters.
		{"bidi controls", "\u200e\u200fبو\u202aت\u202bي\u202c\u202dن\u202e \u2066a\u2067b\u2068c\u2069", "بوتين abc\n"},
		{"zero-width characters", "a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef\n"},
		{"zwnj inside arabic word", "بو\u200cتين", "بوتين\n"},
		{"byte order mark at start", "\ufeffبوتين", "بوتين\n"},
		{"soft hyphen", "inter\u00adnational", "international\n"},
		{"arabic letter mark", "بو\u061cتين", "بوتين\n"},

		// Lines.
		{"crlf and empty lines", "a\r\nb\n\n\nc", "a\nb\nc\n"},
		{"leading and trailing spaces trimmed", "  a  b  \n\t c\t", "a b\nc\n"},
		{"line with only punctuation dropped", "a\n--- * ---\nb", "a\nb\n"},
		{"vertical tab and form feed", "a\vb\fc", "a\nb\nc\n"},
		{"unicode line and paragraph separators", "a\u2028b\u2029c\u0085d", "a\nb\nc\nd\n"},
		{"trailing newline not doubled", "a\n", "a\n"},

		// Lone alef split off by an upstream tool (seed 003).
		{"lone alef rejoined", "قريب ا", "قريبا\n"},
		{"tanween fath alef", "قريبًا", "قريبا\n"},
		{"lone alef after comma rejoined", "وأمل أن تستمع قريب ا إلى صوت العقل", "وامل ان تستمع قريبا الي صوت العقل\n"},
		{"lone alef at line start kept", "ا قريب", "ا قريب\n"},
		{"lone alef after newline kept", "قريب\nا", "قريب\nا\n"},
		{"lone alef after latin kept", "hello ا", "hello ا\n"},
		{"lone alef after digits kept", "2015 ا", "2015 ا\n"},
		{"lone alef alone", "ا", "ا\n"},
		{"lone hamza alef folded then rejoined", "قريب أ", "قريبا\n"},

		// Split shadda: cannot be rejoined at word level.
		{"split shadda stays two words", "تكب دت", "تكب دت\n"},
		{"shadda removed", "تكبّدت", "تكبدت\n"},

		// Invalid UTF-8.
		{"invalid bytes become spaces", "a\xffb", "a b\n"},
		{"truncated sequence at end", "بوتين\xd8", "بوتين\n"},
		{"invalid byte inside arabic", "بو\x80تين", "بو تين\n"},
		{"replacement character is not a letter", "a\uFFFDb", "a b\n"},
	}
}

func TestNormalizeString(t *testing.T) {
	for _, tc := range normalizeCases() {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeString(tc.in); got != tc.want {
				t.Errorf("NormalizeString(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	for _, tc := range normalizeCases() {
		t.Run(tc.name, func(t *testing.T) {
			once := NormalizeString(tc.in)
			if twice := NormalizeString(once); twice != once {
				t.Errorf("NormalizeString(NormalizeString(%q)) = %q, want %q", tc.in, twice, once)
			}
		})
	}
}

// checkNormalizedForm reports how out breaks the output contract of
// Normalizer.Append, or "" when it keeps it.
func checkNormalizedForm(out []byte) string {
	if !utf8.Valid(out) {
		return "output is not valid UTF-8"
	}
	if len(out) == 0 {
		return ""
	}
	if out[len(out)-1] != '\n' {
		return "non-empty output does not end in a newline"
	}
	for i, line := range strings.Split(string(out[:len(out)-1]), "\n") {
		switch {
		case line == "":
			return "line " + strconv.Itoa(i) + " is empty"
		case line[0] == ' ' || line[len(line)-1] == ' ':
			return "line " + strconv.Itoa(i) + " has a leading or trailing space"
		case strings.Contains(line, "  "):
			return "line " + strconv.Itoa(i) + " has a double space"
		case strings.ContainsAny(line, "\r\t\v\f"):
			return "line " + strconv.Itoa(i) + " holds a control character"
		}
	}
	return ""
}

func TestNormalizeOutputForm(t *testing.T) {
	for _, tc := range normalizeCases() {
		t.Run(tc.name, func(t *testing.T) {
			out := NormalizeString(tc.in)
			if msg := checkNormalizedForm([]byte(out)); msg != "" {
				t.Errorf("NormalizeString(%q) = %q: %s", tc.in, out, msg)
			}
		})
	}
}

// TestNormalizeDecimalSeparators checks that a decimal point or comma
// between two digits is kept as '.', whatever script the digits are
// written in: the doc comment promises it for "a decimal point between two
// digits", and Arabic text often writes Arabic-Indic digits with an ASCII
// separator.
func TestNormalizeDecimalSeparators(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"7.6", "7.6\n"},
		{"7,6", "7.6\n"},
		{"٣٫٥", "3.5\n"},
		{"3٫5", "3.5\n"},
		{"٣.5", "3.5\n"},
		{"٣.٥", "3.5\n"},
		{"٣,٥", "3.5\n"},
		{"3.٥", "3.5\n"},
		{"۳.۵", "3.5\n"},
		{"بلغت ٧.٦ درجة", "بلغت 7.6 درجه\n"},
	}
	for _, tc := range tests {
		if got := NormalizeString(tc.in); got != tc.want {
			t.Errorf("NormalizeString(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNormalizeInvalidUTF8(t *testing.T) {
	inputs := []string{
		"\xff",
		"\xc3",
		"a\xc3(b",
		"\xe2\x82",
		"\xed\xa0\x80", // UTF-16 surrogate encoded in UTF-8
		"\xf4\x90\x80\x80",
		"بو\xd8تين\xff\xfe",
		"\xd9\x8e\xff", // fatha then an invalid byte
	}
	for _, in := range inputs {
		out := NormalizeString(in)
		if !utf8.ValidString(out) {
			t.Errorf("NormalizeString(%q) = %q, not valid UTF-8", in, out)
		}
		if msg := checkNormalizedForm([]byte(out)); msg != "" {
			t.Errorf("NormalizeString(%q) = %q: %s", in, out, msg)
		}
	}
}

func TestNormalizerAppend(t *testing.T) {
	var n Normalizer
	dst := []byte("prefix\n")
	got := n.Append(dst, []byte("مُحَمَّدٌ  و\u200cعلي"))
	if want := "prefix\nمحمد وعلي\n"; string(got) != want {
		t.Errorf("Append(%q, ...) = %q, want %q", "prefix\n", got, want)
	}

	// A Normalizer reused across calls must not carry anything over.
	inputs := []string{"أحمد إبراهيم", "Hello, WORLD!", "", "٣٫٥ كيلو", "قريب ا", "Straße"}
	for _, in := range inputs {
		got := string(n.Append(nil, []byte(in)))
		if want := NormalizeString(in); got != want {
			t.Errorf("reused Normalizer: Append(nil, %q) = %q, want %q", in, got, want)
		}
	}

	// Append must not modify src.
	src := []byte("ALEF أ WITH ٢٠٢٢")
	orig := string(src)
	n.Append(nil, src)
	if string(src) != orig {
		t.Errorf("Append modified src: got %q, want %q", src, orig)
	}
}

// TestNormalizeSeedArtefacts checks the split diacritics found in the real
// seed article 003: a tanween-fath alef split off ("قريب ا") is rejoined,
// a split shadda ("تكب دت") is not.
func TestNormalizeSeedArtefacts(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "003_cf6fa2405558f434.txt"))
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	for _, s := range []string{"قريب ا", "تكب دت"} {
		if !bytes.Contains(raw, []byte(s)) {
			t.Fatalf("seed 003 no longer contains %q", s)
		}
	}
	out := NormalizeString(string(raw))
	if msg := checkNormalizedForm([]byte(out)); msg != "" {
		t.Errorf("normalised seed 003: %s", msg)
	}
	for _, want := range []string{"تستمع قريبا الي صوت العقل", "التي تكب دت سلسله"} {
		if !strings.Contains(out, want) {
			t.Errorf("normalised seed 003 does not contain %q", want)
		}
	}
	if strings.Contains(out, "قريب ا ") {
		t.Errorf("normalised seed 003 still contains the split %q", "قريب ا")
	}
	if again := NormalizeString(out); again != out {
		t.Errorf("normalising normalised seed 003 changed it")
	}
}

// Every character inertRune accepts is its own NFKC form, or one the
// Normalizer treats the same, and every Arabic presentation form is
// its decomposition to the Normalizer; and text made of them normalises the same
// whether NFKC is skipped or not: checked for every such character alone
// and next to letters, digits, marks and the other inert characters.
func TestNFKCInert(t *testing.T) {
	var inert []rune
	for r := rune(0x80); r < 0x10000; r++ {
		if inertRune(r) || arabicPresentation(r) {
			inert = append(inert, r)
		}
	}
	if len(inert) < 200 {
		t.Fatalf("only %d inert characters", len(inert))
	}
	slow := func(s string) string {
		var n Normalizer
		// NFKC first, as the slow path does, then normalise (NFKC text is
		// inert to NFKC, so this equals Append with NFKC applied).
		return string(n.appendForced(nil, []byte(norm.NFKC.String(s))))
	}
	ctx := []string{"", "a", "7", "ا", "ب", "و", "ي", "\u0651", "\u0653", "\u0654", "\u0655", "\u064e", "\u0301", "é", "ۀ", "\ufe8d", "\ufefb", "ب ", " ا"}
	for _, r := range inert {
		for _, before := range ctx {
			for _, after := range ctx {
				s := before + string(r) + after
				if got, want := NormalizeString(s), slow(s); got != want {
					t.Errorf("%q (U+%04X in context): fast %q, with NFKC %q", s, r, got, want)
				}
			}
		}
	}
	for _, s := range []string{"قال \u0627\u0654حمد", "\u0648\u0654", "\u064a\u0654\u064b", "\u0627\u0653", "\u06d5\u0654"} {
		if got, want := NormalizeString(s), slow(s); got != want {
			t.Errorf("%q: fast %q, with NFKC %q", s, got, want)
		}
	}
}

// TestArabicFolded checks arabicFolded against arabicLetter and
// foldArabic for every pair of bytes.
func TestArabicFolded(t *testing.T) {
	for c0 := range 256 {
		for c1 := range 256 {
			want := byte(notArabicLetter)
			if r, size := utf8.DecodeRune([]byte{byte(c0), byte(c1)}); size == 2 && arabicLetter(r) {
				if f := foldArabic(r); f != 0 {
					r = f
				}
				want = byte(r - 0x0600)
			}
			if got := arabicFolded(byte(c0), byte(c1)); got != want {
				t.Errorf("arabicFolded(%#x, %#x) = %#x, want %#x", c0, c1, got, want)
			}
		}
	}
}
