package shingle

import (
	"strings"
	"testing"
)

func TestIsStopword(t *testing.T) {
	tests := []struct {
		raw  string // as written; normalised before the lookup
		want bool
	}{
		// Arabic function words, in their normalised form.
		{"في", true},
		{"من", true},
		{"على", true}, // ى folds to ي: "علي"
		{"إلى", true}, // "الي"
		{"التي", true},
		{"أن", true},
		{"وقال", true},
		{"هؤلاء", true}, // "هولاء"
		{"أيضاً", true}, // "ايضا"
		// English function words.
		{"the", true},
		{"And", true},
		{"said", true},
		{"according", true},
		{"don't", false}, // "dont" is not listed, only "don"
		// Content words.
		{"بوتين", false},
		{"الرئيس", false},
		{"بيلاروس", false},
		{"موسكو", false},
		{"president", false},
		{"Putin", false},
		{"nuclear", false},
		{"2022", false},
	}
	for _, tc := range tests {
		w := strings.TrimSuffix(NormalizeString(tc.raw), "\n")
		if got := IsStopword([]byte(w)); got != tc.want {
			t.Errorf("IsStopword(%q) (from %q) = %v, want %v", w, tc.raw, got, tc.want)
		}
	}
}

func TestIsStopwordNeedsNormalisedInput(t *testing.T) {
	// The lists hold normalised words: unnormalised spellings do not match.
	for _, w := range []string{"The", "على", "إلى", ""} {
		if IsStopword([]byte(w)) {
			t.Errorf("IsStopword(%q) = true, want false for an unnormalised or empty word", w)
		}
	}
}
