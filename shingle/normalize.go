package shingle

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NormalizationVersion names the normalisation rules implemented by
// [Normalizer]. It changes whenever the output of Append changes for some
// input, so that stored signatures are never mixed across versions.
const NormalizationVersion = 1

// A Normalizer folds text into the form samestory compares: Unicode NFKC,
// Arabic orthographic variants folded, diacritics and invisible marks
// removed, digits made ASCII, letters case-folded and punctuation turned
// into spaces. Line breaks are kept, so that lines can still be told apart
// afterwards (see [Boilerplate]).
//
// The output of [Normalizer.Append] is valid UTF-8 and consists of words
// separated by single spaces, lines separated by single '\n' bytes, with no
// leading or trailing space on any line and no empty lines. A word is a
// maximal run of letters, marks and digits, except that a '.' or ','
// between two digits becomes '.' ("7.6", "7,6" → "7.6", "1,000" →
// "1.000") and an apostrophe between two letters is dropped ("don't" →
// "dont"). Normalising normalised text changes nothing.
//
// In detail, after NFKC:
//   - Arabic harakat (U+064B–U+065F), the superscript alef (U+0670),
//     tatweel (U+0640) and Quranic annotation marks are removed, as are
//     bidirectional controls,
//     zero-width characters and other format characters (category Cf);
//   - أ إ آ ٱ fold to ا, ى and ئ and Persian ی fold to ي, ة folds to ه,
//     ؤ folds to و, Persian ک folds to ك;
//   - Arabic-Indic (U+0660–U+0669) and Persian (U+06F0–U+06F9) digits
//     become ASCII digits, and the Arabic decimal separator (U+066B)
//     between digits becomes '.'; the Arabic thousands separator (U+066C)
//     between digits is dropped;
//   - letters are lower-cased (ß becomes "ss", final sigma becomes σ);
//   - everything else that is not a letter, mark or digit becomes a space;
//   - a lone ا directly after an Arabic word is joined to it: it is almost
//     always a tanween-fath alef split off by an upstream tool that
//     replaced the diacritic with a space ("قريب ا" → "قريبا").
//
// Words split where an upstream tool replaced a shadda with a space
// ("تكب دت") cannot be rejoined reliably at the word level; character
// shingles ([CharShingles]) ignore spaces and so see through such splits.
//
// A Normalizer holds scratch buffers and is not safe for concurrent use;
// the zero value is ready to use.
type Normalizer struct {
	nfkc []byte
}

// NormalizeString is a convenience wrapper around [Normalizer.Append].
func NormalizeString(s string) string {
	var n Normalizer
	return string(n.Append(nil, []byte(s)))
}

// Append appends the normalised form of src to dst and returns the
// extended buffer. src may hold invalid UTF-8: invalid bytes are treated as
// spaces.
func (n *Normalizer) Append(dst, src []byte) []byte {
	return n.append(dst, src, 3, true)
}

// appendForced is Append without the inert-text shortcut.
func (n *Normalizer) appendForced(dst, src []byte) []byte {
	return n.append(dst, src, 3, false)
}

func (n *Normalizer) append(dst, src []byte, rounds int, shortcut bool) []byte {
	w := writer{buf: dst, lineStart: len(dst)}
	n.lines(&w, src, rounds, shortcut)
	w.endLine()
	return w.buf
}

// lines normalises text line by line. A line break is a boundary that
// NFKC never looks across, so that the lines can be normalised apart:
// only the lines that hold a character NFKC may change pay for NFKC.
func (n *Normalizer) lines(w *writer, text []byte, rounds int, shortcut bool) {
	for len(text) > 0 {
		end := bytes.IndexByte(text, '\n') + 1
		if end == 0 {
			end = len(text)
		}
		n.line(w, text[:end], rounds, shortcut)
		text = text[end:]
	}
}

// line normalises one line (with its line break, if any) into w. The
// writer is at the start of a line of output then, with no word open.
func (n *Normalizer) line(w *writer, line []byte, rounds int, shortcut bool) {
	snap := *w
	// A line made only of characters that NFKC leaves alone whatever their
	// neighbours (see inertRune), as most lines of news text are, skips
	// NFKC: fold gives up at the first other character.
	if shortcut && w.fold(line, true) {
		return
	}
	*w = snap
	n.nfkc = norm.NFKC.Append(n.nfkc[:0], line...)
	w.fold(n.nfkc, false)
	// Removing format characters can bring a base letter and a combining
	// mark together that NFKC would compose; one more round settles it.
	if out := w.buf[len(snap.buf):]; rounds > 1 && !isASCII(out) && !norm.NFKC.IsNormal(out) {
		again := append([]byte(nil), out...)
		*w = snap
		n.lines(w, again, rounds-1, shortcut)
	}
}

// fold writes the normalised form of text, which NFKC has already
// normalised unless check is set, to w. With check, it stops and
// returns false at the first character that is not inert under NFKC
// (see inertRune), having written part of text.
func (w *writer) fold(text []byte, check bool) bool {
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c|0x20 && c|0x20 <= 'z':
				// A run of ASCII letters, the bulk of Latin text, lowered
				// and written at once, the buffer held in a local.
				w.startWord()
				buf := append(w.buf, c|0x20)
				for ; i < len(text) && 'a' <= text[i]|0x20 && text[i]|0x20 <= 'z'; i++ {
					buf = append(buf, text[i]|0x20)
				}
				w.buf = buf
				w.lastDigit, w.lastLetter = false, true
			case '0' <= c && c <= '9':
				w.byte(c, true)
			case c == '\n' || c == '\r' || c == '\v' || c == '\f':
				w.newline()
			case c == '.' || c == ',':
				if w.lastDigit && i < len(text) && startsWithDigit(text[i:]) {
					w.byte('.', false)
				} else {
					w.space()
				}
			case c == '\'':
				if !w.lastLetter || i >= len(text) || !startsWithLetter(text[i:]) {
					w.space()
				}
			default:
				w.space()
			}
			continue
		}
		if i+1 < len(text) && arabicFolded(c, text[i+1]) != notArabicLetter {
			// The Arabic letters proper, the bulk of Arabic text, and the
			// letters that follow them in the same word, folded two bytes
			// at a time through arabicFold. They are told from their two
			// bytes, before any rune is decoded: decoding the first and
			// testing its ranges cost branches that real text, whose
			// words come in every length, does not let the processor
			// predict (BenchmarkNormalize/arabic-shuffled/100KB: 10%).
			// The buffer is held in a local, which can stay in registers.
			w.startWord()
			buf := w.buf
			for ; i+1 < len(text); i += 2 {
				f := arabicFolded(text[i], text[i+1])
				if f == notArabicLetter {
					break
				}
				buf = append(buf, 0xD8|f>>6, 0x80|f&0x3F) // U+0600+f
			}
			w.buf = buf
			w.lastDigit, w.lastLetter = false, true
			continue
		}
		var r rune
		var size int
		if c >= 0xC2 && c < 0xE0 && i+1 < len(text) && text[i+1]&0xC0 == 0x80 {
			// Two-byte sequences, Arabic among them, decoded in line.
			r, size = rune(c&0x1F)<<6|rune(text[i+1]&0x3F), 2
		} else {
			r, size = utf8.DecodeRune(text[i:])
		}
		i += size
		if r == utf8.RuneError && size == 1 {
			if check {
				return false
			}
			w.space()
			continue
		}
		if check && !inertRune(r) {
			if !arabicPresentation(r) {
				return false
			}
			// Decomposed in place: the forms are starters, and what they
			// decompose to composes with nothing that the Normalizer
			// keeps apart (see arabicPresentation).
			w.fold(norm.NFKC.Properties(text[i-size:i]).Decomposition(), false)
			continue
		}
		switch {
		case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640,
			r >= 0x0610 && r <= 0x061A, r >= 0x06D6 && r <= 0x06ED && unicode.IsMark(r):
			// Harakat, superscript alef, tatweel and Quranic annotation
			// marks: dropped without a trace.
			continue
		case r == 0x2028 || r == 0x2029 || r == 0x0085:
			w.newline()
			continue
		case r == 0x2019 || r == 0x02BC:
			// Typographic apostrophes behave like '\''.
			if !w.lastLetter || i >= len(text) || !startsWithLetter(text[i:]) {
				w.space()
			}
			continue
		case r == 0x066B: // Arabic decimal separator
			if w.lastDigit && i < len(text) && startsWithDigit(text[i:]) {
				w.byte('.', false)
			} else {
				w.space()
			}
			continue
		case r == 0x066C: // Arabic thousands separator
			if !(w.lastDigit && i < len(text) && startsWithDigit(text[i:])) {
				w.space()
			}
			continue
		}
		if d, ok := arabicDigit(r); ok {
			w.byte(d, true)
			continue
		}
		if f := foldArabic(r); f != 0 {
			w.rune(f)
			continue
		}
		switch {
		case unicode.Is(unicode.Cf, r):
			// Bidi controls, zero-width (non-)joiners, BOM, soft hyphen, ...
		case unicode.IsLetter(r):
			switch r {
			case 'ß', 'ẞ':
				w.byte('s', false)
				w.byte('s', false)
			case 'ς':
				w.rune('σ')
			default:
				w.rune(unicode.ToLower(r))
			}
		case unicode.IsMark(r):
			if w.inWord {
				w.mark(r)
			}
		case unicode.Is(unicode.Nd, r):
			w.rune(r)
		case r == 0x2029 || unicode.Is(unicode.Zl, r):
			w.newline()
		default:
			w.space()
		}
	}
	return true
}

// writer accumulates normalised output, collapsing spaces and empty lines.
type writer struct {
	buf        []byte
	lineStart  int  // index in buf where the current line starts
	inWord     bool // the last byte written belongs to a word
	pending    bool // a space is due before the next word byte
	lastDigit  bool // the last word character was a digit
	lastLetter bool // the last word character was a letter
	wordStart  int  // index in buf where the current word starts
	spaced     bool // a space was written before the current word
}

func (w *writer) startWord() {
	if w.inWord {
		return
	}
	w.spaced = w.pending && len(w.buf) > w.lineStart
	if w.spaced {
		w.buf = append(w.buf, ' ')
	}
	w.pending = false
	w.inWord = true
	w.wordStart = len(w.buf)
}

func (w *writer) byte(c byte, digit bool) {
	w.startWord()
	w.buf = append(w.buf, c)
	w.lastDigit = digit
	w.lastLetter = !digit && c != '.'
}

func (w *writer) rune(r rune) {
	w.startWord()
	w.buf = utf8.AppendRune(w.buf, r)
	w.lastDigit = unicode.Is(unicode.Nd, r)
	w.lastLetter = !w.lastDigit
}

// mark appends a combining mark to the current word without changing what
// the word's last base character was.
func (w *writer) mark(r rune) {
	w.buf = utf8.AppendRune(w.buf, r)
}

func (w *writer) space() {
	if w.inWord {
		w.endWord()
	}
	w.pending = true
}

func (w *writer) endWord() {
	w.inWord = false
	// Rejoin a lone alef split off an Arabic word: "قريب ا" → "قريبا".
	// Whether the word before ended in an Arabic letter is looked up only
	// for a lone alef: the bytes before the space are as they were.
	if w.spaced && len(w.buf)-w.wordStart == len("ا") && string(w.buf[w.wordStart:]) == "ا" &&
		w.wordStart > w.lineStart && endsArabic(w.buf[:w.wordStart-1]) {
		w.buf = append(w.buf[:w.wordStart-1], "ا"...)
		w.wordStart--
	}
	w.lastDigit, w.lastLetter = false, false
}

func (w *writer) newline() {
	w.endLine()
	w.pending = false
}

func (w *writer) endLine() {
	if w.inWord {
		w.endWord()
	}
	if len(w.buf) > w.lineStart {
		w.buf = append(w.buf, '\n')
		w.lineStart = len(w.buf)
	}
	w.pending = false
}

// arabicDigit maps Arabic-Indic and Persian digits to ASCII.
func arabicDigit(r rune) (byte, bool) {
	switch {
	case r >= 0x0660 && r <= 0x0669:
		return byte('0' + r - 0x0660), true
	case r >= 0x06F0 && r <= 0x06F9:
		return byte('0' + r - 0x06F0), true
	}
	return 0, false
}

// foldArabic returns the folded form of an Arabic letter variant, or 0 when
// r is not one.
func foldArabic(r rune) rune {
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ى', 'ئ', 'ی':
		return 'ي'
	case 'ة':
		return 'ه'
	case 'ؤ':
		return 'و'
	case 'ک':
		return 'ك'
	}
	return 0
}

// notArabicLetter is arabicFold's entry for the runes that are not Arabic
// letters proper.
const notArabicLetter = 0xFF

// arabicFold maps r-0x0600, for each rune r in U+0600–U+067F, to
// foldArabic(r)-0x0600 if r folds, to r-0x0600 itself if r is any other
// Arabic letter proper (see arabicLetter), and to notArabicLetter
// otherwise. It is never written to after initialisation.
var arabicFold = func() (t [128]byte) {
	for k := range t {
		r := 0x0600 + rune(k)
		switch {
		case !arabicLetter(r):
			t[k] = notArabicLetter
		case foldArabic(r) != 0:
			t[k] = byte(foldArabic(r) - 0x0600)
		default:
			t[k] = byte(k)
		}
	}
	return t
}()

// arabicFolded returns arabicFold's entry for the rune r that the two
// bytes c0 c1 encode if r is in U+0600–U+067F, and notArabicLetter
// otherwise: the folded form of r is U+0600 plus the entry, if r is an
// Arabic letter proper.
func arabicFolded(c0, c1 byte) byte {
	// c0 is 0xD8 or 0xD9 and c1 a continuation byte; r-0x0600 is c0's
	// lowest bit followed by c1's lowest six.
	if v := uint16(c0)<<8 | uint16(c1); v&0xFEC0 == 0xD880 {
		return arabicFold[v>>2&0x40|v&0x3F]
	}
	return notArabicLetter
}

// arabicLetter reports whether r is one of the Arabic letters proper
// (two-byte runes, none of which NFKC or the folding turns into more
// than one rune).
func arabicLetter(r rune) bool { return r >= 0x0621 && r <= 0x063A || r >= 0x0641 && r <= 0x064A }

func isArabicLetter(r rune) bool {
	return r >= 0x0621 && r <= 0x064A || r >= 0x0671 && r <= 0x06D3
}

// endsArabic reports whether b ends in an Arabic letter.
func endsArabic(b []byte) bool {
	if n := len(b); n >= 2 && b[n-2] >= 0xD8 && b[n-2] <= 0xDB && b[n-1]&0xC0 == 0x80 {
		// The Arabic block, decoded in line.
		return isArabicLetter(rune(b[n-2]&0x1F)<<6 | rune(b[n-1]&0x3F))
	}
	r, _ := utf8.DecodeLastRune(b)
	return isArabicLetter(r)
}

// inertRune reports whether r, a character that is not ASCII, is its own
// NFKC form and never combines with its neighbours under NFKC, or has an
// NFKC form the Normalizer treats just like it (a no-break space, which
// NFKC makes a space, becomes a space either way): the Arabic letters,
// harakat, digits and punctuation, the Latin-1 letters, and the usual
// quotes, dashes and spaces of news text. For a line of ASCII and such
// characters NFKC is the identity, up to what the Normalizer drops or
// folds anyway, and can be skipped.
//
// The harakat U+0653–U+0655 compose with a preceding alef, waw or yeh
// into آ أ إ ؤ ئ, which the Normalizer folds back to the bare letter,
// just as dropping the mark does; the letters they compose with in other
// ways (U+06C1, U+06D2, U+06D5) and those with compatibility forms
// (U+0675–U+0678) are not inert. A test checks every inert character
// against NFKC.
func inertRune(r rune) bool {
	switch {
	case r >= 0x0621 && r <= 0x065F, r >= 0x0660 && r <= 0x066D, r == 0x0670:
		return true
	case r >= 0x0671 && r <= 0x06D3:
		return !(r >= 0x0675 && r <= 0x0678 || r >= 0x06C0 && r <= 0x06C2 || r == 0x06D2 || r == 0x06D3)
	case r == 0x060C, r == 0x061B, r == 0x061F, r == 0x06D4:
		return true
	case r >= 0x00C0 && r <= 0x00FF, r == 0x00A0, r == 0x00AB, r == 0x00BB,
		r == 0x00A7, r == 0x00A9, r == 0x00AE, r == 0x00B0, r == 0x00B7:
		return true
	case r >= 0x2010 && r <= 0x2023 && r != 0x2011 && r != 0x2017,
		r == 0x2026, r == 0x2027, r == 0x2030, r == 0x2039, r == 0x203A, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x00D7, r == 0x00F7,
		r == 0x200B, r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0xFEFF:
		return true
	}
	return false
}

// arabicPresentation reports whether r is one of the Arabic
// presentation forms B (U+FE70–U+FEFC but the tail fragment U+FE73): the
// contextual shapes of the basic Arabic letters and harakat that some
// sites still publish. Each has an NFKC decomposition into the basic
// letters U+0621–U+064A, harakat and at most a space or a tatweel; of
// those only alef, waw and yeh compose under NFKC, with a following hamza
// or madda, into letters the Normalizer folds back to them, and harakat
// are dropped: so each form can be replaced by its decomposition alone,
// without NFKC of the whole line. A test checks this for every form.
func arabicPresentation(r rune) bool {
	return r >= 0xFE70 && r <= 0xFEFC && r != 0xFE73 && r != 0xFE75
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

func startsWithDigit(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if isDigitByte(b[0]) {
		return true
	}
	r, _ := utf8.DecodeRune(b)
	_, ok := arabicDigit(r)
	return ok || unicode.Is(unicode.Nd, r)
}

func startsWithLetter(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	r, _ := utf8.DecodeRune(b)
	return unicode.IsLetter(r)
}
