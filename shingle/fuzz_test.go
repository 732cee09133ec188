package shingle

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzNormalize checks the output contract of Normalizer.Append on
// arbitrary input: valid UTF-8, single spaces, no empty lines, no leading or
// trailing spaces, every line closed by '\n', normalising the output
// again changes nothing, and skipping NFKC for inert text changes nothing
// either.
func FuzzNormalize(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("..", "testdata", "seeds", "*.txt"))
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatalf("reading seed %s: %v", p, err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"",
		" ",
		"\n\n",
		"مُحَمَّدٌ الســــلام أحمد إبراهيم آمال ٱلله",
		"قريب ا تكب دت ا",
		"٣٫٥ ١٬٠٠٠ 7,6 7.6 ۱۴۰۲ ٣.٥",
		"It's don’t Straße ΣΟΦΟΣ Café ＡＢＣ ﷲ ﻻ",
		"بو\u200cتين \u200e\u202a\u2066x\u2069\ufeff",
		"a\r\nb\n\n\nc\u2028d\u0085e",
		"a\xffb\xc3",
		"e\u0654\u0301 a\u200d\u0301 ᄀ\u200dᅡ",
		"'a' a'b a''b 1'2 .5 5. 1..2",
		"\ufefb \ufe8d\ufedf\ufee4\ufee0\ufed9\u0654 \ufe70\ufe71 \ufe81\n\u0301\ufe8e",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var n Normalizer
		out := n.Append(nil, in)
		if msg := checkNormalizedForm(out); msg != "" {
			t.Fatalf("Append(%q) = %q: %s", in, out, msg)
		}
		again := n.Append(nil, out)
		if !bytes.Equal(again, out) {
			t.Fatalf("not idempotent:\ninput  %q\nonce   %q\ntwice  %q", in, out, again)
		}
		// Lines that skip NFKC (see inertRune) normalise as they would
		// through NFKC, and so does the text they are part of.
		if forced := n.appendForced(nil, in); !bytes.Equal(forced, out) {
			t.Fatalf("text %q: %q skipping NFKC where inert, %q through NFKC", in, out, forced)
		}
		// Appending to a non-empty buffer gives the same bytes after it.
		prefix := []byte("x\n")
		withPrefix := n.Append(prefix, in)
		if !bytes.Equal(withPrefix[len(prefix):], out) || string(withPrefix[:len(prefix)]) != "x\n" {
			t.Fatalf("Append(%q, %q) = %q, want %q followed by %q", prefix, in, withPrefix, prefix, out)
		}
	})
}

// FuzzKnownBoilerplate holds KnownBoilerplate, which looks at a line's
// bytes and at the phrases only after its first word, to the plain
// version on a string of the whole line, on any bytes and on the
// normalised form of any text.
func FuzzKnownBoilerplate(f *testing.F) {
	for _, l := range boilerCandidates(contentA+" "+contentB, 0) {
		f.Add(l)
	}
	f.Add([]byte("share a b c"))
	f.Add([]byte("اقرا ايضا\xff"))
	f.Fuzz(func(t *testing.T, in []byte) {
		var n Normalizer
		for _, l := range [][]byte{in, bytes.TrimSuffix(n.Append(nil, in), []byte{'\n'})} {
			if got, want := KnownBoilerplate(l), knownBoilerplateByStrings(l); got != want {
				t.Fatalf("KnownBoilerplate(%q) = %v, want %v", l, got, want)
			}
		}
	})
}
