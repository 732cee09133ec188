package article

import (
	"encoding/json"
	"strings"
	"testing"
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
	for _, c := range cases {
		if got, want := validJSON([]byte(c)), json.Valid([]byte(c)); got != want {
			t.Errorf("validJSON(%.40q) = %v, json.Valid says %v", c, got, want)
		}
	}
}

// FuzzValidJSON: validJSON says what json.Valid says, for any bytes.
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
