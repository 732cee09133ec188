package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// cp1256 is Arabic ("بوتين يزور مينسك ويلتقي لوكاشينكو") in Windows-1256:
// not UTF-8.
const cp1256 = "\xc8\xe6\xca\xed\xe4 \xed\xd2\xe6\xd1 \xe3\xed\xe4\xd3\xdf \xe6\xed\xe1\xca\xde\xed \xe1\xe6\xdf\xc7\xd4\xed\xe4\xdf\xe6"

// decodeString gives what encoding/json gives, for every string value
// json.Valid accepts.
func TestDecodeStringLikeEncodingJSON(t *testing.T) {
	cases := []string{
		`""`, `"plain"`, `"بوتين"`, `"a\"b\\c\/d"`, `"\b\f\n\r\t"`,
		`"\u0000\u001f\u00e9\u2028\uFFFF"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ude00"`, `"\ud83dx"`,
		`"\ud83d\u0041"`, `"\ude00\ud83d"`, `"\ud83d\ud83d\ude00"`, `"\ud83d\\"`,
		"\"\xff\xfe\"", "\"a\xd8\"", "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "\"\xf4\x90\x80\x80\"",
		"\"\xe2\x82\"", "\"" + cp1256 + "\"", "\"\xff\\n\xfe\"",
	}
	rng := rand.New(rand.NewSource(1))
	pieces := []string{`\"`, `\\`, `\n`, `\u00e9`, `\ud83d`, `\ude00`, `\ud83d\ude00`, "\xff", "\xd8", "é", "ب", "a", " ", "\xe2\x82"}
	for range 500 {
		var b strings.Builder
		b.WriteByte('"')
		for range rng.Intn(8) {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		b.WriteByte('"')
		cases = append(cases, b.String())
	}
	for _, c := range cases {
		if !json.Valid([]byte(c)) {
			t.Fatalf("case %q is not valid JSON", c)
		}
		var want string
		if err := json.Unmarshal([]byte(c), &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeString([]byte(c))
		if err != nil || got != want {
			t.Errorf("decodeString(%q) = %q, %v; encoding/json gives %q", c, got, err, want)
		}
	}
}

// A text with a few stray bytes is kept, read with U+FFFD; a text in
// another encoding, or an id that is not UTF-8, rejects the record.
func TestUTF8Policy(t *testing.T) {
	long := strings.Repeat("A storm hit the coast on Monday. ", 20) // 660 bytes
	for _, c := range []struct {
		name, line string
		key        string // "": kept
		title      string
		text       string
	}{
		{name: "valid", line: `{"id":"a","text":"café بوتين"}`, text: "café بوتين"},
		{name: "cut character at the end", line: "{\"id\":\"a\",\"text\":\"خبر\xd8\"}", text: "خبر\ufffd"},
		{name: "three stray bytes", line: "{\"id\":\"a\",\"text\":\"x\xff\xfe\xfdy\"}", text: "x\ufffd\ufffd\ufffdy"},
		{name: "stray bytes under 1%", line: "{\"id\":\"a\",\"text\":\"" + long + "\xff\xff\xff\xff\xff" + long + "\"}", text: long + strings.Repeat("\ufffd", 5) + long},
		{name: "stray bytes with escapes", line: "{\"id\":\"a\",\"text\":\"a\\nb\xff\"}", text: "a\nb\ufffd"},
		{name: "stray byte in the title", line: "{\"id\":\"a\",\"title\":\"T\xff\"}", title: "T\ufffd"},
		{name: "windows-1256 text", line: `{"id":"a","text":"` + cp1256 + `"}`, key: "not UTF-8"},
		{name: "windows-1256 title", line: `{"id":"a","title":"` + cp1256 + `","text":"fine"}`, key: "not UTF-8"},
		{name: "windows-1256 text array", line: `{"id":"a","text":["` + cp1256 + `"]}`, key: "not UTF-8"},
		{name: "latin-1 text", line: "{\"id\":\"a\",\"text\":\"caf\xe9 cr\xe8me br\xfbl\xe9e \xe0 la fran\xe7aise\"}", key: "not UTF-8"},
		{name: "id not UTF-8", line: "{\"id\":\"a\xff\",\"text\":\"x\"}", key: "id not UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := parseLine(t, c.line, Options{})
			if c.key != "" {
				var re *RecordError
				if !errors.As(r.Err, &re) || re.Key() != c.key {
					t.Fatalf("Err = %v, want one of kind %q", r.Err, c.key)
				}
				if c.key == "not UTF-8" && containsAll(r.Err.Error(), "not UTF-8", "Windows-1256", "iconv -f WINDOWS-1256 -t UTF-8") != "" {
					t.Errorf("Err %q does not say how to convert the text", r.Err)
				}
				return
			}
			if r.Err != nil {
				t.Fatalf("Err = %v, want the record kept", r.Err)
			}
			a := r.Article
			if a.Title != c.title || a.Text != c.text {
				t.Errorf("title %q text %q, want %q %q", a.Title, a.Text, c.title, c.text)
			}
			if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Text) {
				t.Errorf("the article is not valid UTF-8")
			}
			if r.Raw != c.line {
				t.Errorf("Raw = %q, want the line unchanged", r.Raw)
			}
		})
	}
}

// Rejected records carry a reason kind without their details, for counting.
func TestRecordErrorKeys(t *testing.T) {
	for line, key := range map[string]string{
		`{"id":`:                 "not valid JSON",
		`[1]`:                    "not a JSON object",
		`{"title":"x"}`:          "no id",
		`{"id":""}`:              "bad id",
		`{"id":true}`:            "bad id",
		`{"id":"a","text":5}`:    "bad field",
		`{"id":"a","title":[1]}`: "bad field",
	} {
		r := parseLine(t, line, Options{})
		var re *RecordError
		if !errors.As(r.Err, &re) || re.Key() != key {
			t.Errorf("%s: Err %v, want kind %q", line, r.Err, key)
		}
	}
	p := writeFile(t, t.TempDir(), "long.jsonl", []byte(`{"id":"a","text":"`+strings.Repeat("x", 100)+`"}`+"\n"))
	recs, _, err := readAll(t, []string{p}, nil, Options{MaxRecordBytes: 50}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	var re *RecordError
	if !errors.As(recs[0].Err, &re) || re.Key() != "too long" || !strings.Contains(re.Error(), "--max-article-bytes") {
		t.Errorf("too long: Err %v, want kind \"too long\" naming --max-article-bytes", recs[0].Err)
	}
}

func TestDefaultMaxRecordBytes(t *testing.T) {
	r, err := NewReader([]string{"-"}, strings.NewReader(""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.opts.MaxRecordBytes != DefaultMaxRecordBytes || DefaultMaxRecordBytes != 64<<20 {
		t.Errorf("MaxRecordBytes = %d, want 64 MiB", r.opts.MaxRecordBytes)
	}
}

// A stream that breaks off: the records before are read, the record it
// breaks off in is rejected as cut short, and the problem is told once
// however many passes are made, naming the kind of stream.
func TestTruncatedStreams(t *testing.T) {
	plain := randomRecords(2000)
	for _, c := range []struct {
		name   string
		data   []byte
		format string
	}{
		{"gzip", gzipBytes(t, plain), "gzip stream"},
		{"zstd", zstdBytes(t, plain), "zstd stream"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "cut.jsonl."+c.name, c.data[:len(c.data)/2])
			var probs []problem
			r, err := NewReader([]string{p}, nil, Options{OnProblem: func(pos Pos, err error) error {
				probs = append(probs, problem{pos, err})
				return nil
			}})
			if err != nil {
				t.Fatal(err)
			}
			first, err := each(r, true)
			if err != nil {
				t.Fatal(err)
			}
			second, err := each(r, false)
			if err != nil {
				t.Fatal(err)
			}
			if len(first) != len(second) || len(first) < 100 {
				t.Fatalf("%d records in the first pass, %d in the second", len(first), len(second))
			}
			if len(probs) != 1 {
				t.Fatalf("problems told %d times, want once: %v", len(probs), probs)
			}
			last := first[len(first)-1]
			if msg := errString(probs[0].Err); containsAll(msg, c.format, "breaks off", fmt.Sprintf("line %d", last.Pos.Line)) != "" {
				t.Errorf("problem %q does not say the %s breaks off in line %d", msg, c.format, last.Pos.Line)
			}
			var re *RecordError
			if !errors.As(last.Err, &re) || re.Key() != "cut short" || !strings.Contains(re.Error(), c.format) {
				t.Errorf("last record %v: Err %v, want it cut short", last.Pos, last.Err)
			}
			for i, x := range first[:len(first)-1] {
				if x.Err != nil {
					t.Fatalf("record %d before the cut: %v", i, x.Err)
				}
			}
		})
	}
}

// randomRecords makes n records of random words: data that does not
// compress much, so that half a compressed stream holds half the records.
func randomRecords(n int) []byte {
	rng := rand.New(rand.NewSource(int64(n)))
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"id":"r%d","text":"`, i)
		for k := range 40 {
			if k > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "w%d", rng.Intn(100000))
		}
		b.WriteString("\"}\n")
	}
	return b.Bytes()
}

// A UTF-16 file is skipped with a problem that says how to convert it.
func TestUTF16Skipped(t *testing.T) {
	dir := t.TempDir()
	u16 := []byte{0xff, 0xfe}
	for _, c := range `{"id":"a"}` + "\n" {
		u16 = append(u16, byte(c), 0)
	}
	p := writeFile(t, dir, "u16.jsonl", u16)
	ok := writeFile(t, dir, "ok.jsonl", []byte(`{"id":"b"}`+"\n"))
	for _, input := range [][]string{{p, ok}, {"-", ok}} {
		recs, probs, err := readAll(t, input, bytes.NewReader(u16), Options{}, true, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(probs) != 1 || containsAll(errString(probs[0].Err), "UTF-16", "iconv") != "" {
			t.Errorf("%v: problems %v, want one saying the file is UTF-16", input, probs)
		}
		if len(recs) != 1 || recs[0].Article.ID != "b" {
			t.Errorf("%v: records %+v, want only b", input, recs)
		}
	}
}

// A byte-order mark starting any line is dropped: files joined with cat.
func TestBOMOnAnyLine(t *testing.T) {
	bom := "\xef\xbb\xbf"
	data := bom + `{"id":"a"}` + "\r\n" + bom + `{"id":"b"}` + "\r\n" + bom + "\r\n" + `{"id":"c"}`
	recs, _, err := readAll(t, []string{"-"}, strings.NewReader(data), Options{}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r.Err != nil {
			t.Errorf("%v: %v", r.Pos, r.Err)
		}
		got = append(got, fmt.Sprintf("%d:%s:%s", r.Pos.Line, r.Article.ID, r.Raw))
	}
	want := []string{`1:a:{"id":"a"}`, `2:b:{"id":"b"}`, `4:c:{"id":"c"}`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("records %q, want %q", got, want)
	}
}
