package article

import (
	"bytes"
	"testing"
	"time"
)

// blankLine reports whether a line holds nothing but blanks and a line end.
func blankLine(l []byte) bool {
	return len(bytes.Trim(l, " \t\r")) == 0
}

// FuzzParseJSON reads arbitrary bytes as a JSON Lines stream on standard
// input: it must not panic, every non-blank line must give exactly one
// record, at its line, and a record without Err must have an ID.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","title":"T","text":"x","published":"2015-03-04T05:06:07Z"}`,
		`{"_id":1e3,"headline":"H","content":["a","b"],"date":"2015-03-04"}` + "\n" + `{"id":-5}`,
		"\xef\xbb\xbf" + `{"id":"bom"}` + "\r\n\r\n" + `{"id":"crlf"}` + "\r\n",
		`{"\u0069d":"esc","text":"\ud83d\ude00"}`,
		`{"id":null,"_id":"n","id":"last"}`,
		`{"id":true}`,
		`{"id":""}`,
		`{"title":"no id"}`,
		`{"id":"d","date":1234}`,
		`{"id":"u","url":"https://user@www.Example.com:80/x?y#z"}`,
		`{"id": `,
		`[1,2]`,
		`"x"`,
		`null`,
		"\n\n   \n\t\r\n",
		`{"id":"a"} {"id":"b"}`,
		`{"id":"a","text":{"nested":[{"}":"]"}]}}`,
		`{"id":"a",}`,
		"{\"id\":\"\xff\xfe\"}",
		"",
	} {
		f.Add([]byte(s))
	}
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) || bytes.HasPrefix(data, []byte{0x28, 0xb5, 0x2f, 0xfd}) {
			t.Skip("compressed stream")
		}
		var wantLines []int
		for i, l := range bytes.Split(data, []byte("\n")) {
			if i == 0 {
				l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
			}
			if !blankLine(l) {
				wantLines = append(wantLines, i+1)
			}
		}
		r, err := NewReader([]string{"-"}, bytes.NewReader(data), Options{TempDir: tmp})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var gotLines []int
		err = r.Each(true, func(rec *Record) error {
			gotLines = append(gotLines, rec.Pos.Line)
			if rec.Seq != len(gotLines)-1 {
				t.Errorf("record %d has Seq %d", len(gotLines)-1, rec.Seq)
			}
			if rec.Err == nil && rec.Article.ID == "" {
				t.Errorf("line %d %q: no Err and an empty ID", rec.Pos.Line, rec.Raw)
			}
			if rec.Err == nil && !rec.Article.Published.IsZero() && rec.Article.DateErr != nil {
				t.Errorf("line %d: both Published and DateErr", rec.Pos.Line)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("Each: %v", err)
		}
		if len(gotLines) != len(wantLines) {
			t.Fatalf("%d records for %d non-blank lines (got lines %v, want %v)", len(gotLines), len(wantLines), gotLines, wantLines)
		}
		for i := range wantLines {
			if gotLines[i] != wantLines[i] {
				t.Fatalf("record %d at line %d, want line %d", i, gotLines[i], wantLines[i])
			}
		}
	})
}

// FuzzParseDate: ParseDate never panics, and what it accepts is a UTC time
// that, written as RFC 3339, is read back as the same instant.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2015-03-04T05:06:07Z",
		"2015-03-04T05:06:07.123456789+01:00",
		"2015-03-04 05:06:07",
		"2015-03-04T05:06:07",
		"2015-03-04 05:06:07-07:00",
		"2015-03-04",
		"Wed, 04 Mar 2015 05:06:07 GMT",
		"Wed, 04 Mar 2015 05:06:07 +0100",
		"31/12/2015",
		"",
		"garbage",
		"0000-01-01",
		"9999-12-31T23:59:59.999999999Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s, nil)
		if err != nil {
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) = %v with error %v", s, got, err)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, not in UTC", s, got)
		}
		text := got.Format(time.RFC3339Nano)
		back, err := ParseDate(text, nil)
		if err != nil {
			t.Fatalf("ParseDate(%q) = %v, but its RFC 3339 form %q does not parse: %v", s, got, text, err)
		}
		if !back.Equal(got) {
			t.Fatalf("ParseDate(%q) = %v; RFC 3339 %q reads back as %v", s, got, text, back)
		}
	})
}
