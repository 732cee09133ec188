package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNewReaderErrors(t *testing.T) {
	dir := t.TempDir()
	ok := writeFile(t, dir, "ok.jsonl", []byte(`{"id":"a"}`+"\n"))
	for _, c := range []struct {
		name   string
		inputs []string
		want   string
	}{
		{"no inputs", nil, "no inputs"},
		{"missing file", []string{ok, filepath.Join(dir, "missing.jsonl")}, "missing.jsonl"},
		{"stdin twice", []string{"-", ok, "-"}, "more than once"},
	} {
		r, err := NewReader(c.inputs, strings.NewReader(""), Options{})
		if err == nil {
			r.Close()
			t.Errorf("%s: NewReader(%q) succeeded, want an error", c.name, c.inputs)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, err, c.want)
		}
	}
}

func TestPositions(t *testing.T) {
	dir := t.TempDir()
	first := writeFile(t, dir, "first.jsonl", []byte(
		"\xef\xbb\xbf"+`{"id":"a"}`+"\n"+ // 1, with a BOM
			"\n"+ // 2
			"   \n"+ // 3
			`{"id":"b"}`+"\r\n"+ // 4
			"\t\r\n"+ // 5
			`{"id":"c"}  `+"\n"+ // 6, trailing blanks
			"\n\n"+ // 7, 8
			`{"id":"d"}`)) // 9, no newline at EOF
	crlf := writeFile(t, dir, "crlf.jsonl", []byte(
		`{"id":"e"}`+"\r\n"+ // 1
			"\r\n"+ // 2
			`{"id":"f","text":"x\r\ny"}`+"\r\n")) // 3, escaped CR LF inside
	third := writeFile(t, dir, "third.ndjson", []byte("\n"+`{"id":"g"}`+"\n"))

	recs, probs, err := readAll(t, []string{first, crlf, third}, nil, Options{}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	want := []struct {
		file string
		line int
		raw  string
	}{
		{first, 1, `{"id":"a"}`},
		{first, 4, `{"id":"b"}`},
		{first, 6, `{"id":"c"}`},
		{first, 9, `{"id":"d"}`},
		{crlf, 1, `{"id":"e"}`},
		{crlf, 3, `{"id":"f","text":"x\r\ny"}`},
		{third, 2, `{"id":"g"}`},
	}
	if len(recs) != len(want) {
		t.Fatalf("got %d records, want %d: %+v", len(recs), len(want), recs)
	}
	for i, w := range want {
		r := recs[i]
		if r.Seq != i {
			t.Errorf("record %d: Seq = %d", i, r.Seq)
		}
		if r.Pos != (Pos{File: w.file, Line: w.line}) {
			t.Errorf("record %d: Pos = %v, want %s:%d", i, r.Pos, w.file, w.line)
		}
		if r.Raw != w.raw {
			t.Errorf("record %d: Raw = %q, want %q", i, r.Raw, w.raw)
		}
		if r.Err != nil {
			t.Errorf("record %d: Err = %v", i, r.Err)
		}
		if wantID := string(rune('a' + i)); r.Article.ID != wantID {
			t.Errorf("record %d: ID = %q, want %q", i, r.Article.ID, wantID)
		}
	}
	if recs[5].Article.Text != "x\r\ny" {
		t.Errorf("text with escaped CR LF = %q", recs[5].Article.Text)
	}
}

func TestBadRecordsDoNotStopReading(t *testing.T) {
	lines := []string{
		`{"id":"a"}`,                  // 1
		`{"id":`,                      // 2
		`[1,2]`,                       // 3
		`"x"`,                         // 4
		`{"id":"b"}`,                  // 5
		`null`,                        // 6
		`42`,                          // 7
		`{"id":"c"} trailing`,         // 8
		`{'id':'single quotes'}`,      // 9
		"{\"id\":\"ctl\x01\"}",        // 10: control character in a string
		`{"id":"d","text":"fine"}`,    // 11
		"\xef\xbb\xbf" + `{"id":"e"}`, // 12: a BOM not at file start (files joined by cat)
	}
	p := writeFile(t, t.TempDir(), "bad.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	recs, probs, err := readAll(t, []string{p}, nil, Options{}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	if len(recs) != len(lines) {
		t.Fatalf("got %d records for %d lines", len(recs), len(lines))
	}
	wantErr := map[int][]string{
		2:  {"not valid JSON (", "at byte"},
		3:  {"not a JSON object"},
		4:  {"not a JSON object"},
		6:  {"not a JSON object"},
		7:  {"not a JSON object"},
		8:  {"not valid JSON (", "after top-level value"},
		9:  {"not valid JSON ("},
		10: {"not valid JSON ("},
	}
	wantID := map[int]string{1: "a", 5: "b", 11: "d", 12: "e"}
	for i, r := range recs {
		line := i + 1
		if r.Pos.Line != line || r.Seq != i {
			t.Errorf("record %d: Pos %v Seq %d, want line %d", i, r.Pos, r.Seq, line)
		}
		if want := strings.TrimPrefix(lines[i], "\xef\xbb\xbf"); r.Raw != want {
			t.Errorf("line %d: Raw = %q, want %q", line, r.Raw, want)
		}
		if subs, bad := wantErr[line]; bad {
			if r.Err == nil {
				t.Errorf("line %d %q: Err = nil", line, lines[i])
			} else if miss := containsAll(r.Err.Error(), subs...); miss != "" {
				t.Errorf("line %d: Err %q lacks %q", line, r.Err, miss)
			}
			continue
		}
		if r.Err != nil || r.Article.ID != wantID[line] {
			t.Errorf("line %d: ID %q Err %v, want ID %q", line, r.Article.ID, r.Err, wantID[line])
		}
	}

	// Without parsing, only splitting: no record is rejected.
	recs, _, err = readAll(t, []string{p}, nil, Options{}, false, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(lines) {
		t.Fatalf("parse=false: got %d records for %d lines", len(recs), len(lines))
	}
	for i, r := range recs {
		if r.Err != nil || r.Article != (Article{}) {
			t.Errorf("parse=false, line %d: Err %v, Article %#v", i+1, r.Err, r.Article)
		}
	}
}

func TestMaxRecordBytes(t *testing.T) {
	long := `{"id":"long","text":"` + strings.Repeat("x", 100) + `"}`
	huge := `{"id":"huge","text":"` + strings.Repeat("y", 3<<20) + `"}` // longer than the read buffer
	content := `{"id":"a"}` + "\n" + long + "\n" + `{"id":"b"}` + "\n" + huge + "\n\n" + `{"id":"c","text":"z"}` + "\n"
	p := writeFile(t, t.TempDir(), "big.jsonl", []byte(content))
	recs, probs, err := readAll(t, []string{p}, nil, Options{MaxRecordBytes: 32}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Errorf("problems: %v", probs)
	}
	type want struct {
		line int
		id   string
		size int // > 0: rejected for its size
	}
	wants := []want{{1, "a", 0}, {2, "", len(long)}, {3, "b", 0}, {4, "", len(huge)}, {6, "c", 0}}
	if len(recs) != len(wants) {
		t.Fatalf("got %d records, want %d", len(recs), len(wants))
	}
	for i, w := range wants {
		r := recs[i]
		if r.Pos.Line != w.line || r.Seq != i {
			t.Errorf("record %d: Pos %v Seq %d, want line %d", i, r.Pos, r.Seq, w.line)
		}
		if w.size == 0 {
			if r.Err != nil || r.Article.ID != w.id {
				t.Errorf("record %d: ID %q Err %v, want %q", i, r.Article.ID, r.Err, w.id)
			}
			continue
		}
		if r.Err == nil {
			t.Errorf("record %d (%d bytes): Err = nil", i, w.size)
			continue
		}
		if miss := containsAll(r.Err.Error(), fmt.Sprint(w.size), "32"); miss != "" {
			t.Errorf("record %d: Err %q does not mention %s", i, r.Err, miss)
		}
		if len(r.Raw) != 0 {
			t.Errorf("record %d: rejected for its size but Raw holds %d bytes", i, len(r.Raw))
		}
	}
}

// TestMaxRecordBytesBoundary: a record (a line without its line end) of
// exactly MaxRecordBytes bytes is accepted, one byte more is rejected,
// whatever the line end; a blank line is skipped whatever its length.
func TestMaxRecordBytesBoundary(t *testing.T) {
	const max = 10
	ten := "0123456789"
	eleven := "0123456789A"
	for _, c := range []struct {
		name     string
		content  string
		wantRaws []string // "!" = rejected for size
	}{
		{"max with LF", ten + "\nok\n", []string{ten, "ok"}},
		{"max with CRLF", ten + "\r\nok\r\n", []string{ten, "ok"}},
		{"max at EOF", "ok\n" + ten, []string{"ok", ten}},
		{"max+1 with LF", eleven + "\nok\n", []string{"!", "ok"}},
		{"max+1 with CRLF", eleven + "\r\nok\r\n", []string{"!", "ok"}},
		{"max+1 at EOF", "ok\n" + eleven, []string{"ok", "!"}},
		{"long blank line", "ok\n" + strings.Repeat(" ", 40) + "\nok\n", []string{"ok", "ok"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "b.jsonl", []byte(c.content))
			recs, _, err := readAll(t, []string{p}, nil, Options{MaxRecordBytes: max}, false, true)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				if r.Err != nil {
					got = append(got, "!")
				} else {
					got = append(got, r.Raw)
				}
			}
			if !reflect.DeepEqual(got, c.wantRaws) {
				t.Errorf("MaxRecordBytes %d, content %q: records %q, want %q", max, c.content, got, c.wantRaws)
			}
		})
	}
}

// records makes n JSON Lines records with varied content.
func records(n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"id":"r%d","title":"Title %d","text":"%s","date":"2015-03-%02dT10:00:00Z"}`+"\n",
			i, i*7919%1000, strings.Repeat(fmt.Sprintf("w%d ", i*31%97), 5+i%13), 1+i%28)
		if i%10 == 3 {
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

func TestCompression(t *testing.T) {
	dir := t.TempDir()
	plain := records(300)
	inputs := map[string]string{
		"plain":          writeFile(t, dir, "recs.jsonl", plain),
		"gzip":           writeFile(t, dir, "recs.jsonl.gz", gzipBytes(t, plain)),
		"zstd":           writeFile(t, dir, "recs.jsonl.zst", zstdBytes(t, plain)),
		"gzip, no .gz":   writeFile(t, dir, "recs-gz.data", gzipBytes(t, plain)),
		"zstd, no .zst":  writeFile(t, dir, "recs-zst.jsonl", zstdBytes(t, plain)),
		"gzip with BOM":  writeFile(t, dir, "bom.jsonl.gz", gzipBytes(t, append([]byte("\xef\xbb\xbf"), plain...))),
		"gzip multipart": writeFile(t, dir, "multi.jsonl.gz", append(gzipBytes(t, plain[:len(plain)/2]), gzipBytes(t, plain[len(plain)/2:])...)),
	}
	ref, _, err := readAll(t, []string{inputs["plain"]}, nil, Options{}, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref) != 300 {
		t.Fatalf("plain: %d records, want 300", len(ref))
	}
	for i, r := range ref {
		if r.Err != nil || r.Article.ID != fmt.Sprintf("r%d", i) || r.Article.Published.IsZero() {
			t.Fatalf("plain record %d: %+v", i, r)
		}
	}
	check := func(name string, got []rec) {
		t.Helper()
		if len(got) != len(ref) {
			t.Errorf("%s: %d records, want %d", name, len(got), len(ref))
			return
		}
		for i := range got {
			g, w := got[i], ref[i]
			g.Pos.File, w.Pos.File = "", ""
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s: record %d = %+v, want %+v", name, i, g, w)
				return
			}
		}
	}
	for name, p := range inputs {
		if name == "plain" {
			continue
		}
		got, _, err := readAll(t, []string{p}, nil, Options{}, true, false)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		check(name, got)
	}
	for name, data := range map[string][]byte{"stdin gzip": gzipBytes(t, plain), "stdin zstd": zstdBytes(t, plain)} {
		got, _, err := readAll(t, []string{"-"}, bytes.NewReader(data), Options{}, true, false)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		check(name, got)
	}
}

func TestTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	plain := records(3000)
	gz := gzipBytes(t, plain)
	p := writeFile(t, dir, "cut.jsonl.gz", gz[:len(gz)/2])

	recs, probs, err := readAll(t, []string{p}, nil, Options{}, true, true)
	if err != nil {
		t.Fatalf("Each with OnProblem: %v", err)
	}
	if len(probs) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(probs), probs)
	}
	if probs[0].Pos.File != p || probs[0].Pos.Line < 1 {
		t.Errorf("problem at %v, want %s:<line>", probs[0].Pos, p)
	}
	if probs[0].Err == nil {
		t.Errorf("problem with a nil error")
	}
	if len(recs) < 100 {
		t.Fatalf("only %d records before the cut", len(recs))
	}
	// Every record but a possibly cut last line is intact and in order.
	for i, r := range recs[:len(recs)-1] {
		if r.Err != nil || r.Article.ID != fmt.Sprintf("r%d", i) || r.Seq != i {
			t.Fatalf("record %d before the cut: ID %q Seq %d Err %v", i, r.Article.ID, r.Seq, r.Err)
		}
	}
	if last := recs[len(recs)-1]; last.Pos.Line > probs[0].Pos.Line {
		t.Errorf("last record at %v, after the problem at %v", last.Pos, probs[0].Pos)
	}

	// With no OnProblem the pass stops with an error naming the file.
	_, _, err = readAll(t, []string{p}, nil, Options{}, true, false)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("without OnProblem: err = %v, want one naming %s", err, p)
	}

	// OnProblem's error stops the pass and is returned.
	stop := errors.New("stop here")
	r, err := NewReader([]string{p}, nil, Options{OnProblem: func(Pos, error) error { return stop }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := each(r, true); !errors.Is(err, stop) {
		t.Errorf("OnProblem returning an error: Each = %v, want %v", err, stop)
	}
}

func TestBadGzipHeader(t *testing.T) {
	p := writeFile(t, t.TempDir(), "bad.gz", []byte{0x1f, 0x8b, 0xff, 0x00, 0x01})
	other := writeFile(t, t.TempDir(), "ok.jsonl", []byte(`{"id":"a"}`+"\n"))
	recs, probs, err := readAll(t, []string{p, other}, nil, Options{}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Pos.File != p {
		t.Errorf("problems = %v, want one for %s", probs, p)
	}
	if len(recs) != 1 || recs[0].Article.ID != "a" || recs[0].Seq != 0 {
		t.Errorf("records = %+v, want the one of the next input", recs)
	}
}

func TestEachStopsOnCallbackError(t *testing.T) {
	p := writeFile(t, t.TempDir(), "a.jsonl", records(10))
	r, err := NewReader([]string{p}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("enough")
	n := 0
	err = r.Each(true, func(*Record) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("Each = %v after %d calls, want %v after 3", err, n, stop)
	}
}

func TestTwoPasses(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.jsonl", records(50))
	b := writeFile(t, dir, "b.jsonl.gz", gzipBytes(t, records(20)))
	folder := filepath.Join(dir, "folder")
	writeFile(t, folder, "x.txt", []byte("X\nxx"))
	writeFile(t, folder, "sub/y.txt", []byte("Y\nyy"))
	stdin := bytes.NewReader(zstdBytes(t, records(30)))
	tmp := t.TempDir()
	r, err := NewReader([]string{a, "-", folder, b}, stdin, Options{TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	first, err := each(r, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 50+30+2+20 {
		t.Fatalf("first pass: %d records", len(first))
	}
	for i, x := range first {
		if x.Seq != i {
			t.Fatalf("first pass: record %d has Seq %d", i, x.Seq)
		}
	}
	if first[50].Pos != (Pos{File: "-", Line: 1}) {
		t.Errorf("first stdin record at %v", first[50].Pos)
	}
	for pass := 2; pass <= 3; pass++ {
		again, err := each(r, pass == 2)
		if err != nil {
			t.Fatalf("pass %d: %v", pass, err)
		}
		if len(again) != len(first) {
			t.Fatalf("pass %d: %d records, want %d", pass, len(again), len(first))
		}
		for i := range first {
			x, y := first[i], again[i]
			if x.Seq != y.Seq || x.Pos != y.Pos || x.Raw != y.Raw {
				t.Fatalf("pass %d, record %d: Seq/Pos/Raw %d %v %q, first pass %d %v %q", pass, i, y.Seq, y.Pos, y.Raw, x.Seq, x.Pos, x.Raw)
			}
			if pass == 2 && !reflect.DeepEqual(x, y) {
				t.Fatalf("pass 2, record %d = %+v, first pass %+v", i, y, x)
			}
		}
	}
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func TestStdinSpool(t *testing.T) {
	tmp := t.TempDir()
	data := records(40)
	r, err := NewReader([]string{"-"}, bytes.NewReader(data), Options{TempDir: tmp})
	if err != nil {
		t.Fatal(err)
	}
	if _, total := r.Progress(); total != -1 {
		t.Errorf("Progress total before reading stdin = %d, want -1", total)
	}
	first, err := each(r, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 40 {
		t.Fatalf("first pass: %d records", len(first))
	}
	spooled := tempFiles(t, tmp)
	if len(spooled) != 1 {
		t.Fatalf("files in TempDir after the first pass: %q, want one spool file", spooled)
	}
	if got, err := os.ReadFile(filepath.Join(tmp, spooled[0])); err != nil || !bytes.Equal(got, data) {
		t.Errorf("spool file holds %d bytes (err %v), want the %d bytes of stdin", len(got), err, len(data))
	}
	second, err := each(r, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("second pass over stdin differs from the first")
	}
	if done, total := r.Progress(); done != int64(len(data)) || total != int64(len(data)) {
		t.Errorf("Progress after the second pass = %d, %d, want %d, %d", done, total, len(data), len(data))
	}
	if err := r.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if left := tempFiles(t, tmp); len(left) != 0 {
		t.Errorf("files left in TempDir after Close: %q", left)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestStdinFirstPassStoppedEarly: when the first pass over standard input
// stops early (the callback returned an error), the spool holds only part
// of the input. A later pass must then not silently deliver fewer records:
// it must deliver them all or fail.
func TestStdinFirstPassStoppedEarly(t *testing.T) {
	data := records(30000) // several MiB: more than the reader buffers
	r, err := NewReader([]string{"-"}, bytes.NewReader(data), Options{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	stop := errors.New("stop")
	if err := r.Each(false, func(*Record) error { return stop }); err != stop {
		t.Fatalf("first pass: %v", err)
	}
	second, err := each(r, false)
	if err == nil && len(second) != 30000 {
		t.Errorf("second pass delivered %d of 30000 records and no error", len(second))
	}
}

func TestProgressFiles(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.jsonl", records(20))
	b := writeFile(t, dir, "b.jsonl.gz", gzipBytes(t, records(20)))
	folder := filepath.Join(dir, "f")
	writeFile(t, folder, "x.txt", []byte("\xef\xbb\xbfX\nxx"))
	var want int64
	for _, p := range []string{a, b, filepath.Join(folder, "x.txt")} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		want += st.Size()
	}
	r, err := NewReader([]string{a, b, folder}, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for pass := 1; pass <= 2; pass++ {
		if _, err := each(r, false); err != nil {
			t.Fatal(err)
		}
		if done, total := r.Progress(); done != want || total != want {
			t.Errorf("pass %d: Progress = %d, %d, want %d, %d", pass, done, total, want, want)
		}
	}
}

func TestChangedBetweenPasses(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(t *testing.T, file string)
	}{
		{"appended", func(t *testing.T, file string) {
			f, err := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(f, `{"id":"new"}`)
			f.Close()
		}},
		{"same size, new time", func(t *testing.T, file string) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			data[len(data)-3] = 'Z'
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(file, later, later); err != nil {
				t.Fatal(err)
			}
		}},
		{"removed", func(t *testing.T, file string) {
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		for _, kind := range []string{"jsonl", "txt in folder"} {
			t.Run(c.name+"/"+kind, func(t *testing.T) {
				dir := t.TempDir()
				input, file := "", ""
				if kind == "jsonl" {
					file = writeFile(t, dir, "a.jsonl", []byte(`{"id":"a"}`+"\n"+`{"id":"b"}`+"\n"))
					input = file
				} else {
					input = filepath.Join(dir, "folder")
					file = writeFile(t, input, "a.txt", []byte("Title\ntext text\n"))
					writeFile(t, input, "b.txt", []byte("B\nb b\n"))
				}
				r, err := NewReader([]string{input}, nil, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := each(r, true); err != nil {
					t.Fatal(err)
				}
				c.change(t, file)
				recs, err := each(r, true)
				if err == nil {
					t.Fatalf("second pass after the change succeeded with %d records (Seq of later records would shift)", len(recs))
				}
				if c.name != "removed" && !strings.Contains(err.Error(), "changed") {
					t.Errorf("error %q does not say the input changed", err)
				}
			})
		}
	}
}

func TestFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in")
	// Created out of order on purpose.
	writeFile(t, dir, "sub/z.txt", []byte("Zed\n"))
	writeFile(t, dir, "b.txt", []byte("\n\n  \t\n  Title B  \nbody of b\n"))
	writeFile(t, dir, "more.jsonl", []byte(`{"id":"j1"}`+"\n\n"+`{"id":"j2"}`+"\n"))
	writeFile(t, dir, "image.png", []byte("\x89PNG\r\n"))
	writeFile(t, dir, "a.txt", []byte("Title A\r\nbody of a"))
	writeFile(t, dir, "sub/c.txt", []byte("C title\n\nc body"))
	writeFile(t, dir, "bad.txt", []byte("\xc8\xe6\xca\xed\xe4 \xed\xd2\xe6\xd1 \xe3\xe4\xd3\xe3\n")) // Arabic in Windows-1256
	writeFile(t, dir, "stray.txt", []byte("Bad \xff\xfe title\n"))                                   // two stray bytes: kept
	writeFile(t, dir, "c.txt", []byte("\xef\xbb\xbfBOM title\nc"))
	writeFile(t, dir, "sub/deeper/d.txt", []byte(""))
	writeFile(t, dir, "zz.json.gz", gzipBytes(t, []byte(`{"id":"gz1"}`+"\n")))

	type want struct {
		file  string // below dir
		line  int
		id    string
		title string
		text  string
		err   bool
	}
	wants := []want{
		{"a.txt", 1, "a", "Title A", "Title A\r\nbody of a", false},
		{"b.txt", 1, "b", "Title B", "\n\n  \t\n  Title B  \nbody of b\n", false},
		{"bad.txt", 1, "", "", "", true},
		{"c.txt", 1, "c", "BOM title", "BOM title\nc", false},
		{"more.jsonl", 1, "j1", "", "", false},
		{"more.jsonl", 3, "j2", "", "", false},
		{"stray.txt", 1, "stray", "Bad \ufffd\ufffd title", "Bad \ufffd\ufffd title\n", false},
		{"sub/c.txt", 1, "sub/c", "C title", "C title\n\nc body", false},
		{"sub/deeper/d.txt", 1, "sub/deeper/d", "", "", false},
		{"sub/z.txt", 1, "sub/z", "Zed", "Zed\n", false},
		{"zz.json.gz", 1, "gz1", "", "", false},
	}
	recs, probs, err := readAll(t, []string{dir}, nil, Options{}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Pos.File != filepath.Join(dir, "image.png") ||
		!strings.Contains(errString(probs[0].Err), "not an article file") {
		t.Errorf("problems = %v, want one for image.png", probs)
	}
	if len(recs) != len(wants) {
		var ids []string
		for _, r := range recs {
			ids = append(ids, r.Pos.String())
		}
		t.Fatalf("got %d records %q, want %d", len(recs), ids, len(wants))
	}
	for i, w := range wants {
		r := recs[i]
		wantPos := Pos{File: filepath.Join(dir, filepath.FromSlash(w.file)), Line: w.line}
		if r.Pos != wantPos || r.Seq != i {
			t.Errorf("record %d: Pos %v Seq %d, want %v", i, r.Pos, r.Seq, wantPos)
		}
		if w.err {
			if r.Err == nil || containsAll(r.Err.Error(), "not UTF-8", "iconv") != "" {
				t.Errorf("%s: Err = %v, want one about UTF-8", w.file, r.Err)
			}
			continue
		}
		if r.Err != nil {
			t.Errorf("%s: Err = %v", w.file, r.Err)
			continue
		}
		a := r.Article
		if a.ID != w.id || a.Title != w.title || a.Text != w.text {
			t.Errorf("%s: Article %q %q %q, want %q %q %q", w.file, a.ID, a.Title, a.Text, w.id, w.title, w.text)
		}
		if !strings.HasSuffix(w.file, ".txt") {
			continue
		}
		// Raw is a JSON object with exactly id, file, title, text.
		var obj map[string]string
		if err := json.Unmarshal([]byte(r.Raw), &obj); err != nil {
			t.Errorf("%s: Raw %q is not a JSON object of strings: %v", w.file, r.Raw, err)
			continue
		}
		wantObj := map[string]string{"id": w.id, "file": filepath.ToSlash(wantPos.File), "title": w.title, "text": w.text}
		if !reflect.DeepEqual(obj, wantObj) {
			t.Errorf("%s: Raw = %v, want %v", w.file, obj, wantObj)
		}
		// Read back as a JSON Lines record, Raw gives the same article.
		back, _, err := parseJSON([]byte(r.Raw), Fields{}.names(), nil, nil, nil)
		if err != nil || back != a {
			t.Errorf("%s: Raw parsed back = %#v, %v; want %#v", w.file, back, err, a)
		}
	}

	// Without OnProblem the non-article file stops the pass.
	_, _, err = readAll(t, []string{dir}, nil, Options{}, true, false)
	if err == nil || !strings.Contains(err.Error(), "image.png") {
		t.Errorf("without OnProblem: err = %v, want one naming image.png", err)
	}
}

func TestFolderTxtTooLong(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.txt", []byte(strings.Repeat("word ", 20)))
	writeFile(t, dir, "b.txt", []byte("short"))
	recs, _, err := readAll(t, []string{dir}, nil, Options{MaxRecordBytes: 50}, true, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	if recs[0].Err == nil || containsAll(recs[0].Err.Error(), "100", "50") != "" {
		t.Errorf("a.txt: Err = %v, want one giving its size 100 and the limit 50", recs[0].Err)
	}
	if recs[1].Err != nil || recs[1].Article.ID != "b" || recs[1].Seq != 1 {
		t.Errorf("b.txt: %+v", recs[1])
	}
}
