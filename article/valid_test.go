package article

import (
	"encoding/json"
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
	rec := []byte(`{"id":"1","title":"` + strings.Repeat("عنوان ", 10) + `","text":"` +
		strings.Repeat("نص الخبر \\\"مقتبس\\\" ", 200) + `","date":"2015-07-21","source":"spa"}`)
	for _, f := range []struct {
		name string
		f    func([]byte) bool
	}{{"validJSON", validJSON}, {"json.Valid", json.Valid}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(rec)))
			for b.Loop() {
				if !f.f(rec) {
					b.Fatal("invalid")
				}
			}
		})
	}
}
