package article

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// validJSON reports whether b is one valid JSON value: exactly what
// json.Valid reports, as FuzzValidJSON checks, in a fraction of its time.
// Records are mostly long strings, and a string's plain bytes are passed
// over in a tight loop, where json.Valid's scanner calls a function per
// byte.
func validJSON(b []byte) bool {
	ok, _ := validJSONUTF8(b)
	return ok
}

// validJSONUTF8 is validJSON, and also reports, for a valid value,
// whether it is valid UTF-8 (as utf8.Valid would).
func validJSONUTF8(b []byte) (ok, isUTF8 bool) {
	var c jsonCheck
	return c.valid(b), !c.notUTF8
}

// jsonCheck is what checking a record finds out on the way, so that the
// record's text need not be read once more: whether its strings are all
// valid UTF-8, and, when asked, the members of a top-level object.
type jsonCheck struct {
	notUTF8 bool
	collect bool     // gather members
	members []member // the top-level object's, when collect is set
}

// valid reports whether b is one valid JSON value, as validJSON.
func (c *jsonCheck) valid(b []byte) bool {
	i, ok := validValue(b, skipSpace(b, 0), 0, c)
	return ok && skipSpace(b, i) == len(b)
}

// maxDepth is how deeply arrays and objects may nest: encoding/json's
// limit.
const maxDepth = 10000

// validValue checks the value starting at b[i], inside depth arrays and
// objects, and returns the index just past it.
func validValue(b []byte, i, depth int, st *jsonCheck) (int, bool) {
	if i >= len(b) {
		return i, false
	}
	switch c := b[i]; {
	case c == '"':
		return validString(b, i, st)
	case c == '{':
		return validObject(b, i, depth+1, st)
	case c == '[':
		return validArray(b, i, depth+1, st)
	case c == '-' || c >= '0' && c <= '9':
		return validNumber(b, i)
	case c == 't':
		return validLiteral(b, i, "true")
	case c == 'f':
		return validLiteral(b, i, "false")
	case c == 'n':
		return validLiteral(b, i, "null")
	}
	return i, false
}

func validLiteral(b []byte, i int, lit string) (int, bool) {
	if len(b)-i < len(lit) || string(b[i:i+len(lit)]) != lit {
		return i, false
	}
	return i + len(lit), true
}

// validString checks the string whose opening quote is b[i], and notes
// in st when it is not valid UTF-8.
func validString(b []byte, i int, st *jsonCheck) (int, bool) {
	i++
	alone := 0 // the byte loop alone up to b[alone]
	for {
		// Bytes a string holds as they are: not a quote, a backslash or a
		// control character. A byte from 0x80 up starts a UTF-8
		// sequence (its other bytes are from 0x80 up too): a two-byte one,
		// the whole of Arabic, is checked here, the others by the utf8
		// package.
		for i < len(b) {
			// Most of a record's text, eight bytes at a time (see
			// skipPlain); where it finds none, the byte loop goes on
			// alone for eight bytes, so that text of other kinds (three-
			// byte characters, escapes) is not looked at twice.
			if i >= alone && i+8 <= len(b) {
				if j := skipPlain(b, i); j > i {
					if i = j; i >= len(b) {
						break
					}
				} else {
					alone = i + 8
				}
			}
			c := b[i]
			if c < 0x80 {
				if c < 0x20 || c == '"' || c == '\\' {
					break
				}
				i++
				continue
			}
			if c >= 0xC2 && c <= 0xDF && i+1 < len(b) && b[i+1]&0xC0 == 0x80 {
				i += 2
				continue
			}
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				st.notUTF8 = true
			}
			i += size
		}
		if i >= len(b) {
			return i, false
		}
		switch b[i] {
		case '"':
			return i + 1, true
		case '\\':
			if i+1 >= len(b) {
				return i, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(b)-i < 6 {
					return i, false
				}
				for _, h := range b[i+2 : i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return i, false
					}
				}
				i += 6
			default:
				return i, false
			}
		default: // a control character
			return i, false
		}
	}
}

// skipPlain returns where, from b[i], the byte loop of validString
// would stop passing bytes over as they are: ASCII other than a quote,
// a backslash or a control character, and whole two-byte UTF-8
// sequences (a lead byte C2 to DF and a continuation byte). It looks at
// eight bytes at a time and stops before the last eight, or fewer, of
// b, at a place where the byte loop's sequences start, and from which
// the byte loop goes on as it would have. Words of eight bytes are told
// apart with arithmetic, without a branch on any byte: the byte loop's
// branches, taken or not as an Arabic text's words and spaces come,
// cannot be predicted on real text, and the loop ran there at a third
// of the speed it had on one record checked over and over (see
// bench/HISTORY.md, 4 December).
func skipPlain(b []byte, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	// zero has the high bit of each byte of v that is 0 set, and maybe
	// those of bytes above such a byte (a borrow): its lowest set bit is
	// the first zero byte's.
	zero := func(v uint64) uint64 { return (v - ones) &^ v & highs }
	var carry uint64 // 1 when the last word ended with a lead byte
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) // b[i] is the lowest byte
		hi := x & highs                        // bytes from 0x80 up
		b6 := x << 1 & highs                   // with bit 6 set
		b5 := x << 2 & highs                   // with bit 5 set
		cont := hi &^ b6                       // 10xxxxxx
		lead := hi & b6 &^ b5                  // 110xxxxx
		// Bytes the run stops at: lead bytes of three or four bytes (or
		// none), the overlong C0 and C1, ASCII below 0x20 (a borrow
		// only marks bytes above the first such), quotes, backslashes,
		// and a continuation byte that does not follow a lead byte or
		// another byte that does.
		stop := hi & b6 & b5
		stop |= lead &^ (x&(0x1E*ones) + 0x7F*ones)
		stop |= (x - 0x20*ones) &^ x & highs
		stop |= zero(x^'"'*ones) | zero(x^'\\'*ones)
		stop |= cont ^ (lead<<8 | carry<<7)
		if stop != 0 {
			n := bits.TrailingZeros64(stop) >> 3
			if n == 0 {
				// At the word's first byte: a lead byte that ended the
				// last word goes back to the byte loop.
				return i - int(carry)
			}
			// So does a lead byte just before the stop.
			return i + n - int(lead>>(8*n-1)&1)
		}
		carry = lead >> 63
	}
	return i - int(carry)
}

// validNumber checks the number starting at b[i]: -?(0|[1-9][0-9]*),
// then an optional fraction and exponent.
func validNumber(b []byte, i int) (int, bool) {
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return i, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(b, i+1)
		if j == i+1 {
			return i, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return i, false
		}
		i = j
	}
	return i, true
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// validObject checks the object whose opening brace is b[i].
func validObject(b []byte, i, depth int, st *jsonCheck) (int, bool) {
	if depth > maxDepth {
		return i, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return i, false
		}
		ks := i
		var ok bool
		if i, ok = validString(b, i, st); !ok {
			return i, false
		}
		ke := i
		i = skipSpace(b, i)
		if i >= len(b) || b[i] != ':' {
			return i, false
		}
		vs := skipSpace(b, i+1)
		if i, ok = validValue(b, vs, depth, st); !ok {
			return i, false
		}
		if depth == 1 && st.collect {
			st.members = append(st.members, member{key: b[ks:ke], start: ks, end: i, val: b[vs:i]})
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return i, false
		}
		switch b[i] {
		case '}':
			return i + 1, true
		case ',':
			i = skipSpace(b, i+1)
		default:
			return i, false
		}
	}
}

// validArray checks the array whose opening bracket is b[i].
func validArray(b []byte, i, depth int, st *jsonCheck) (int, bool) {
	if depth > maxDepth {
		return i, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = validValue(b, i, depth, st); !ok {
			return i, false
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return i, false
		}
		switch b[i] {
		case ']':
			return i + 1, true
		case ',':
			i = skipSpace(b, i+1)
		default:
			return i, false
		}
	}
}
