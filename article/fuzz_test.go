package article

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

// badDir is the corpus of bad inputs (see testdata/bad/expect.json).
const badDir = "../testdata/bad"

// seedFiles returns the contents of the files of testdata/bad (folders
// included) and testdata/seeds, for seeding fuzz targets. Files larger
// than max bytes are left out.
func seedFiles(f *testing.F, max int) [][]byte {
	f.Helper()
	var out [][]byte
	for _, dir := range []string{badDir, "../testdata/seeds"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".py") || strings.HasSuffix(p, "expect.json") {
				return err
			}
			b, err := os.ReadFile(p)
			if err == nil && len(b) <= max {
				out = append(out, b)
			}
			return err
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	if len(out) < 20 {
		f.Fatalf("only %d seed files", len(out))
	}
	return out
}

// compressed reports whether data starts like a gzip or zstd stream.
func compressed(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0x1f, 0x8b}) || bytes.HasPrefix(data, []byte{0x28, 0xb5, 0x2f, 0xfd})
}

// blankLine reports whether a line holds nothing but blanks and a line end.
func blankLine(l []byte) bool {
	return len(bytes.Trim(l, " \t\r")) == 0
}

// FuzzParseJSON reads arbitrary bytes as a JSON Lines stream on standard
// input: it must not panic, every non-blank line must give exactly one
// record, at its line, and a record without Err must have an ID; every
// string of an accepted article is valid UTF-8; Raw never starts with a
// byte-order mark. Seeds: the cases below and the files of testdata/bad
// and testdata/seeds.
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
	for _, b := range seedFiles(f, 64<<10) {
		if !compressed(b) {
			f.Add(b)
		}
	}
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		if compressed(data) {
			t.Skip("compressed stream: see FuzzStream")
		}
		if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
			t.Skip("UTF-16: skipped whole, see FuzzStream")
		}
		if foreignFormat(data[:min(len(data), 10)]) != nil {
			t.Skip("bzip2, xz, zip or 7z: skipped whole, see FuzzStream")
		}
		if len(data) > 0 && data[0] != '{' && tarHeader(data) {
			t.Skip("tar: skipped whole, see TestTarSkipped")
		}
		for _, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf"))
			if !blankLine(l) {
				if bytes.HasPrefix(bytes.TrimLeft(l, " \t"), []byte("[")) {
					t.Skip("may be a JSON array, skipped whole: see TestJSONArraySkipped")
				}
				if string(bytes.Trim(l, " \t\r")) == "{" {
					t.Skip("JSON over many lines, skipped whole: see TestPrettyJSONSkipped")
				}
				break
			}
		}
		var wantLines []int
		for i, l := range bytes.Split(data, []byte("\n")) {
			l = bytes.TrimPrefix(l, []byte("\xef\xbb\xbf")) // on any line
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
		text := r.NewParser()
		err = r.Each(true, func(rec *Record) error {
			gotLines = append(gotLines, rec.Pos.Line)
			if rec.Raw != nil {
				// ParseText agrees with Each's parse.
				cp := Record{Raw: rec.Raw, cut: rec.cut}
				ti, tx := text.ParseText(&cp)
				cp.Article.Title, cp.Article.Text = string(ti), string(tx)
				if fmt.Sprint(cp.Err) != fmt.Sprint(rec.Err) || rec.Err == nil && !reflect.DeepEqual(cp.Article, rec.Article) {
					t.Errorf("line %d: ParseText gives %+v, %v; Each %+v, %v", rec.Pos.Line, cp.Article, cp.Err, rec.Article, rec.Err)
				}
			}
			if rec.Seq != len(gotLines)-1 {
				t.Errorf("record %d has Seq %d", len(gotLines)-1, rec.Seq)
			}
			if rec.Err == nil && rec.Article.ID == "" {
				t.Errorf("line %d %q: no Err and an empty ID", rec.Pos.Line, rec.Raw)
			}
			if rec.Err == nil && !rec.Article.Published.IsZero() && rec.Article.DateErr != nil {
				t.Errorf("line %d: both Published and DateErr", rec.Pos.Line)
			}
			if a := rec.Article; rec.Err == nil {
				for _, s := range []string{a.ID, a.Title, a.Text, a.Source, a.URL} {
					if !utf8.ValidString(s) {
						t.Errorf("line %d: accepted with a string that is not UTF-8: %q", rec.Pos.Line, s)
					}
				}
			}
			if bytes.HasPrefix(rec.Raw, []byte("\xef\xbb\xbf")) {
				t.Errorf("line %d: Raw starts with a byte-order mark", rec.Pos.Line)
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
	for _, s := range parseDateVariantInputs() {
		f.Add(s)
	}
	// Every date-like value of the JSON Lines files in testdata.
	dateRe := regexp.MustCompile(`"(?:date|published|date_extracted)":\s*("(?:[^"\\]|\\.)*")`)
	for _, b := range seedFiles(f, 1<<20) {
		for _, m := range dateRe.FindAllSubmatch(b, -1) {
			var s string
			if json.Unmarshal(m[1], &s) == nil {
				f.Add(s)
			}
		}
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

// FuzzStream reads arbitrary bytes as an input file, twice, as a run does:
// plain, gzip, zstd (whole or broken), UTF-16, anything. Reading never
// panics and never fails (problems go to OnProblem, each told once); both
// passes deliver the same records (Seq, position, bytes), at increasing
// lines; an accepted record has an id and valid UTF-8. Seeds: every file of
// testdata/bad (the truncated gzip and zstd streams among them) and
// testdata/seeds, and whole gzip and zstd streams.
func FuzzStream(f *testing.F) {
	for _, b := range seedFiles(f, 64<<10) {
		f.Add(b)
	}
	plain := []byte(`{"id":"a","text":"x"}` + "\n" + `{"id":"b"}` + "\n")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	f.Add(gz.Bytes())
	enc, _ := zstd.NewWriter(nil)
	f.Add(enc.EncodeAll(plain, nil))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "in.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		told := map[string]int{}
		r, err := NewReader([]string{p}, nil, Options{MaxRecordBytes: 4096, OnProblem: func(pos Pos, err error) error {
			if err == nil {
				t.Errorf("%v: a problem with a nil error", pos)
			} else {
				told[pos.String()+": "+err.Error()]++
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var first []rec
		err = r.Each(true, func(x *Record) error {
			if n := len(first); n > 0 && x.Pos.Line <= first[n-1].Pos.Line {
				t.Errorf("record at %v after one at %v", x.Pos, first[n-1].Pos)
			}
			if x.Err == nil {
				if x.Article.ID == "" || !utf8.ValidString(x.Article.ID) || !utf8.ValidString(x.Article.Text) {
					t.Errorf("%v: accepted with id %q, text valid %v", x.Pos, x.Article.ID, utf8.ValidString(x.Article.Text))
				}
			} else {
				var re *RecordError
				if !errors.As(x.Err, &re) || re.Key() == "" {
					t.Errorf("%v: Err %v has no reason kind", x.Pos, x.Err)
				}
			}
			first = append(first, copyRec(x))
			return nil
		})
		if err != nil {
			t.Fatalf("first pass: %v", err)
		}
		second, err := each(r, false)
		if err != nil {
			t.Fatalf("second pass: %v", err)
		}
		if len(second) != len(first) {
			t.Fatalf("%d records, then %d", len(first), len(second))
		}
		for i := range first {
			a, b := first[i], second[i]
			if a.Seq != i || b.Seq != i || a.Pos != b.Pos || a.Raw != b.Raw {
				t.Fatalf("record %d: %d %v %q, then %d %v %q", i, a.Seq, a.Pos, a.Raw, b.Seq, b.Pos, b.Raw)
			}
		}
		for k, n := range told {
			if n != 1 {
				t.Errorf("problem told %d times: %s", n, k)
			}
		}
	})
}

// FuzzDecodeString: the one-copy string decoder gives what encoding/json
// gives, for every string json.Valid accepts.
func FuzzDecodeString(f *testing.F) {
	for _, s := range []string{`""`, `"a\"b"`, `"\ud83d\ude00"`, `"\ud83d"`, "\"\xff\"", `"\u00e9\n"`, `"\ud83d\ud83d\ude00"`} {
		f.Add([]byte(s))
	}
	// The string values of the files in testdata (escapes, stray bytes,
	// Windows-1256, NULs, bidi characters), a few per file.
	strRe := regexp.MustCompile(`"(?:[^"\\\n]|\\.)*"`)
	for _, b := range seedFiles(f, 64<<10) {
		for _, m := range strRe.FindAll(b, 20) {
			f.Add(m)
		}
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if !json.Valid(v) {
			return
		}
		v = bytes.Trim(v, " \t\r\n") // values come without the spaces around them
		if len(v) == 0 || v[0] != '"' {
			return
		}
		var want string
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeString(v)
		if err != nil || got != want {
			t.Fatalf("decodeString(%q) = %q, %v; encoding/json gives %q", v, got, err, want)
		}
	})
}
