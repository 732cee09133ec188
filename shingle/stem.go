package shingle

import "unicode/utf8"

// Stem returns a light stem of a normalised word as a subslice of it: it
// never allocates and never changes a byte, it only trims affixes.
//
// Arabic words lose the conjunction و, the definite article in its
// attached forms (ال, بال, كال, فال, لل) and one common suffix (ها ان ات
// ون ين يه ه ي), as in the "light10" stemmer of Larkey, Ballesteros and
// Connell (2007), written here from the published description; the rules
// work on normalised text, where ة has already become ه. Latin-script
// words lose a plural "s"/"es"/"ies" (after Harman's S-stemmer, 1991) and a
// final "y", so that "bodies" and "body" both become "bod". Other words, and
// words too short to strip safely, are returned unchanged. Stems are keys
// for comparison, not words to show.
func Stem(w []byte) []byte {
	if len(w) == 0 {
		return w
	}
	if w[0] < utf8.RuneSelf {
		return stemLatin(w)
	}
	r, _ := utf8.DecodeRune(w)
	if isArabicLetter(r) {
		return stemArabic(w)
	}
	return w
}

func stemLatin(w []byte) []byte {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return w // digits, or letters beyond ASCII: leave alone
		}
	}
	n := len(w)
	if n < 4 {
		return w
	}
	switch {
	case hasSuffix(w, "ies") && !hasSuffix(w, "eies") && !hasSuffix(w, "aies"):
		return w[:n-3]
	case hasSuffix(w, "es") && !hasSuffix(w, "aes") && !hasSuffix(w, "ees") && !hasSuffix(w, "oes"):
		w = w[:n-1]
	case hasSuffix(w, "s") && !hasSuffix(w, "us") && !hasSuffix(w, "ss"):
		w = w[:n-1]
	}
	if len(w) > 3 && w[len(w)-1] == 'y' {
		w = w[:len(w)-1]
	}
	return w
}

func stemArabic(w []byte) []byte {
	// Affixes as UTF-8 strings of normalised letters, longest first.
	articles := [...]string{"وال", "بال", "كال", "فال", "ال", "لل"}
	suffixes := [...]string{"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"}
	runes := utf8.RuneCount(w)
	if runes > 3 && hasPrefix(w, "و") {
		w = w[len("و"):]
		runes--
	}
	for _, a := range articles {
		if hasPrefix(w, a) && runes-utf8.RuneCountInString(a) >= 2 {
			w = w[len(a):]
			runes -= utf8.RuneCountInString(a)
			break
		}
	}
	if runes > 2 {
		for _, s := range suffixes {
			if hasSuffix(w, s) && runes-utf8.RuneCountInString(s) >= 2 {
				w = w[:len(w)-len(s)]
				break
			}
		}
	}
	return w
}

func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }
func hasSuffix(b []byte, s string) bool { return len(b) >= len(s) && string(b[len(b)-len(s):]) == s }
