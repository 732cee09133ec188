package article

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestValidJSON(t *testing.T) {
	cases := []string{
		``, ` `, `{}`, ` { } `, `[]`, `[1,2]`, `[1,]`, `{"a":1,}`, `{"a" : [true, false, null]}`,
		`{"a":tru}`, `{"a":nul}`, `{"a":"x\"y\\z\/\b\f\n\r\t\u00e9\uD83D"}`, `"\u12"`, `"\u12g4"`, `"\x"`,
		"\"a\x01b\"", "\"a\x7fb\"", "\"\xff\xfe\"", `"unterminated`, `"a\`, `0`, `-0`, `01`, `-`, `1.`, `1.5`,
		`1e`, `1e+`, `1E-7`, `-12.5e10`, `.5`, `+1`, `1 2`, `{"a":1}{}`, `{"a"}`, `{"a":}`, `{1:2}`,
		`[[[]]]`, `[[[]]`, `{"a":{"b":{"c":[]}}}`, "\t\n\r[ 1 ,\n 2 ]\r\n", "\v[]", `{"a":1 "b":2}`,
		`{"id":"x","text":"نص عربي"}`, `nulll`, `[true false]`, `"\u0000"`,
	}
	for _, depth := range []int{maxDepth - 1, maxDepth, maxDepth + 1} {
		cases = append(cases, strings.Repeat("[", depth)+strings.Repeat("]", depth))
		cases = append(cases, strings.Repeat(`{"a":`, depth)+"1"+strings.Repeat("}", depth))
	}
	cases = append(cases, "\"\xc3\"", "\"\xc3(\"", "\"\xe2\x82\xac\"", "\"\xe2\x82\"", "\"\xed\xa0\x80\"",
		"\"\xf0\x9f\x98\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xc0\xaf\"", "[\"\xd9\x84\", \"\xd9\"]", "{\"\xd9\": 1}")
	for _, c := range cases {
		if got, want := validJSON([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("validJSON(%.40q) = %v, json.Valid says %v", c, got, want)
		}
		if ok, isUTF8 := validJSONUTF8([]byte(c)); ok && isUTF8 != utf8.ValidString(c) {
			t.Errorf("validJSONUTF8(%.40q) says UTF-8 %v, utf8.Valid says %v", c, isUTF8, !isUTF8)
		}
		checkMembers(t, []byte(c))
	}
	for _, c := range []string{`{"id":"1","text":"a\"b","n":-1.5e3,"o":{"x":[1,{"y":2}]},"z":null}`, ` { "a" : [ ] , "b":true } `} {
		checkMembers(t, []byte(c))
	}
}

// checkMembers checks that the members a check gathers of a valid object
// are those members finds.
func checkMembers(t *testing.T, b []byte) {
	t.Helper()
	c := jsonCheck{collect: true}
	if !c.valid(b) {
		return
	}
	want, err := members(b, nil)
	if err != nil {
		if len(c.members) != 0 {
			t.Fatalf("%q: not an object, yet the check gathered %d members", b, len(c.members))
		}
		return
	}
	if len(c.members) != len(want) {
		t.Fatalf("%q: the check gathered %d members, members finds %d", b, len(c.members), len(want))
	}
	for i, m := range c.members {
		w := want[i]
		if string(m.key) != string(w.key) || string(m.val) != string(w.val) || m.start != w.start || m.end != w.end {
			t.Fatalf("%q: member %d is %q: %q [%d:%d], members finds %q: %q [%d:%d]", b, i, m.key, m.val, m.start, m.end, w.key, w.val, w.start, w.end)
		}
	}
}

// FuzzValidJSON: validJSON says what json.Valid says, for any bytes, and
// validJSONUTF8 what utf8.Valid says of a valid value.
func FuzzValidJSON(f *testing.F) {
	for _, b := range seedFiles(f, 1<<16) {
		for _, l := range strings.Split(string(b), "\n") {
			f.Add([]byte(l))
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := validJSON(b), json.Valid(b); got != want {
			t.Fatalf("validJSON(%q) = %v, json.Valid says %v", b, got, want)
		}
		if ok, isUTF8 := validJSONUTF8(b); ok && isUTF8 != utf8.Valid(b) {
			t.Fatalf("validJSONUTF8(%q) says UTF-8 %v, utf8.Valid says %v", b, isUTF8, !isUTF8)
		}
		checkMembers(t, b)
	})
}

func BenchmarkValidJSON(b *testing.B) {
	one := []byte(`{"id":"1","title":"` + strings.Repeat("عنوان ", 10) + `","text":"` +
		strings.Repeat("نص الخبر \\\"مقتبس\\\" ", 200) + `","date":"2015-07-21","source":"spa"}`)
	// Records of the seed articles' words in an order drawn at random
	// (seeded): word lengths a processor's branch predictor cannot learn,
	// as it learns those of one record checked over and over. Real
	// records are like these.
	var words []string
	for _, p := range []string{"001_3b03d875269a3deb", "003_cf6fa2405558f434"} {
		if raw, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", p+".txt")); err == nil {
			words = append(words, strings.Fields(string(raw))...)
		}
	}
	if len(words) == 0 {
		words = strings.Fields("نص الخبر \"مقتبس\" عنوان في مدينة الرياض 2015")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var varied [][]byte
	for k := range 200 {
		var text strings.Builder
		for text.Len() < 2500 {
			text.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(40) == 0 {
				text.WriteByte('\n')
			} else {
				text.WriteByte(' ')
			}
		}
		rec, err := json.Marshal(map[string]string{"id": fmt.Sprint(k), "title": words[k%len(words)], "text": text.String(), "source": "spa"})
		if err != nil {
			b.Fatal(err)
		}
		varied = append(varied, rec)
	}
	for _, f := range []struct {
		name string
		f    func([]byte) bool
	}{{"validJSON", validJSON}, {"json.Valid", json.Valid}} {
		for _, in := range []struct {
			name string
			recs [][]byte
		}{{"one", [][]byte{one}}, {"varied", varied}} {
			b.Run(f.name+"/"+in.name, func(b *testing.B) {
				size := 0
				for _, r := range in.recs {
					size += len(r)
				}
				b.SetBytes(int64(size))
				for b.Loop() {
					for _, r := range in.recs {
						if !f.f(r) {
							b.Fatal("invalid")
						}
					}
				}
			})
		}
	}
}

// TestSkipPlain holds skipPlain to the byte loop it stands in for, on
// strings of bytes drawn from every kind that matters: ASCII, quotes,
// backslashes, control characters, continuation bytes, overlong lead
// bytes, two-byte lead bytes and the lead bytes of longer sequences.
func TestSkipPlain(t *testing.T) {
	kinds := []byte{'a', ' ', 'Z', '~', 0x7F, '"', '\\', 0x00, 0x1F, 0x20, 0x21, 0x5B, 0x5D, 0x80, 0x9F, 0xBF,
		0xC0, 0xC1, 0xC2, 0xD8, 0xD9, 0xDF, 0xE0, 0xE2, 0xEF, 0xF0, 0xF4, 0xF8, 0xFF}
	// Where skipPlain must stop: the last place where one of the byte
	// loop's sequences starts, up to where the loop would stop passing
	// bytes over (ASCII other than the three kinds it stops at, and
	// two-byte sequences) and to the end of the last whole word of
	// eight bytes.
	want := func(b []byte, i int) int {
		end := i + (len(b)-i)/8*8
		j := i
		for j < end {
			switch c := b[j]; {
			case c < 0x80 && c >= 0x20 && c != '"' && c != '\\':
				j++
			case c >= 0xC2 && c <= 0xDF && j+1 < len(b) && b[j+1]&0xC0 == 0x80:
				if j+2 > end {
					return j
				}
				j += 2
			default:
				return j
			}
		}
		return j
	}
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, 48)
	far := 0
	for range 1_000_000 {
		b = b[:rng.IntN(cap(b)+1)]
		// Plain bytes, as the byte loop passes them, then none, one or
		// two of them replaced by a byte of any kind.
		for k := 0; k < len(b); k++ {
			if rng.IntN(2) == 0 && k+1 < len(b) {
				b[k], b[k+1] = byte(0xC2+rng.IntN(30)), byte(0x80+rng.IntN(64))
				k++
			} else {
				b[k] = byte(0x20 + rng.IntN(0x60))
				if b[k] == '"' || b[k] == '\\' {
					b[k] = ' '
				}
			}
		}
		for range rng.IntN(3) {
			if len(b) == 0 {
				break
			}
			k := rng.IntN(len(b))
			if rng.IntN(2) == 0 {
				b[k] = kinds[rng.IntN(len(kinds))]
			} else {
				b[k] = byte(rng.IntN(256))
			}
		}
		i := rng.IntN(len(b) + 1)
		got, w := skipPlain(b, i), want(b, i)
		if got != w {
			t.Fatalf("skipPlain(% x, %d) = %d, the byte loop's run stops at %d", b, i, got, w)
		}
		if w-i >= 16 {
			far++
		}
	}
	if far < 100_000 {
		t.Fatalf("only %d of 1,000,000 runs of 16 bytes or more: the test sees too few", far)
	}
}
