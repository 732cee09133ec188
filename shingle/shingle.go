package shingle

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"
)

// Kind is the unit a shingle is made of.
type Kind uint8

const (
	// Word shingles are runs of consecutive words.
	Word Kind = iota
	// Char shingles are runs of consecutive characters, spaces left out.
	Char
)

// Spec says which shingles to take: n consecutive words or characters.
type Spec struct {
	Kind Kind
	N    int
}

// ParseSpec parses "word:N" or "char:N", with 1 ≤ N ≤ 32.
func ParseSpec(s string) (Spec, error) {
	kind, n, ok := strings.Cut(s, ":")
	if !ok {
		return Spec{}, fmt.Errorf("shingle: spec %q: want word:N or char:N", s)
	}
	var sp Spec
	switch kind {
	case "word":
		sp.Kind = Word
	case "char":
		sp.Kind = Char
	default:
		return Spec{}, fmt.Errorf("shingle: spec %q: unknown kind %q (want word or char)", s, kind)
	}
	v, err := strconv.Atoi(n)
	if err != nil || v < 1 || v > 32 {
		return Spec{}, fmt.Errorf("shingle: spec %q: size must be a whole number from 1 to 32", s)
	}
	sp.N = v
	return sp, nil
}

// String returns the spec in the form ParseSpec reads.
func (s Spec) String() string {
	k := "word"
	if s.Kind == Char {
		k = "char"
	}
	return k + ":" + strconv.Itoa(s.N)
}

// Validate reports whether the spec can be used.
func (s Spec) Validate() error {
	if s.N < 1 || s.N > 32 || s.Kind > Char {
		return fmt.Errorf("shingle: spec %s: want word or char shingles of 1 to 32 units", s)
	}
	return nil
}

// HashWord returns the 64-bit xxhash of a word. Word shingles are built
// from these hashes.
func HashWord(w []byte) uint64 { return xxhash.Sum64(w) }

// WordShingles appends to dst one hash per run of n consecutive words,
// given the words' hashes (from [HashWord]) in text order. A text of fewer
// than n words, but at least one, yields a single shingle of all its words,
// so that short texts can still be compared. The shingle hash depends on
// the order of the words.
func WordShingles(dst []uint64, words []uint64, n int) []uint64 {
	if len(words) == 0 || n < 1 {
		return dst
	}
	if len(words) < n {
		return append(dst, combine(words))
	}
	for i := 0; i+n <= len(words); i++ {
		dst = append(dst, combine(words[i:i+n]))
	}
	return dst
}

// combine mixes word hashes into one shingle hash.
func combine(ws []uint64) uint64 {
	h := uint64(len(ws)) * 0x9E3779B97F4A7C15
	for _, w := range ws {
		h = bits.RotateLeft64(h^w, 27)*0x94D049BB133111EB + 0xBF58476D1CE4E5B9
	}
	return fmix(h)
}

// fmix is the 64-bit finaliser of MurmurHash3: it spreads every input bit
// over the whole result.
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// CharShingles appends to dst the xxhash of every run of n consecutive
// characters of normalised text, with spaces and line breaks left out: so
// "تكب دت" and "تكبدت" give the same shingles. A text of fewer than n
// characters, but at least one, yields one shingle. scratch is reused for
// the text without spaces; the grown scratch is returned.
func CharShingles(dst []uint64, text []byte, n int, scratch []byte) ([]uint64, []byte) {
	scratch = scratch[:0]
	for _, c := range text {
		if c != ' ' && c != '\n' {
			scratch = append(scratch, c)
		}
	}
	if len(scratch) == 0 || n < 1 {
		return dst, scratch
	}
	// Slide a window of n runes over the text.
	start, end, count := 0, 0, 0
	for end < len(scratch) && count < n {
		_, size := utf8.DecodeRune(scratch[end:])
		end += size
		count++
	}
	dst = append(dst, xxhash.Sum64(scratch[start:end]))
	for end < len(scratch) {
		_, size := utf8.DecodeRune(scratch[end:])
		end += size
		_, size = utf8.DecodeRune(scratch[start:])
		start += size
		dst = append(dst, xxhash.Sum64(scratch[start:end]))
	}
	return dst, scratch
}

// Words appends to dst the words of one line of normalised text, as
// subslices of line.
func Words(dst [][]byte, line []byte) [][]byte {
	// Spaces and newlines are found eight bytes at a time: words are
	// short, and a search call per word cost more than the word.
	start := 0
	i := 0
	for ; i+8 <= len(line); i += 8 {
		x := binary.LittleEndian.Uint64(line[i:])
		m := zeroBytes(x^0x2020202020202020) | zeroBytes(x^0x0A0A0A0A0A0A0A0A)
		for m != 0 {
			at := i + bits.TrailingZeros64(m)>>3
			if at > start {
				dst = append(dst, line[start:at])
			}
			start = at + 1
			m &= m - 1
		}
	}
	for ; i < len(line); i++ {
		if c := line[i]; c == ' ' || c == '\n' {
			if i > start {
				dst = append(dst, line[start:i])
			}
			start = i + 1
		}
	}
	if start < len(line) {
		dst = append(dst, line[start:])
	}
	return dst
}

// zeroBytes returns x with the high bit of each byte set where that byte
// of x is 0, and every other bit clear.
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	return ^((x&low7 + low7) | x | low7)
}

// Lines appends to dst the lines of normalised text, as subslices of text
// without their '\n'.
func Lines(dst [][]byte, text []byte) [][]byte {
	for len(text) > 0 {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			i = len(text)
		}
		if i > 0 {
			dst = append(dst, text[:i])
		}
		if i == len(text) {
			break
		}
		text = text[i+1:]
	}
	return dst
}
