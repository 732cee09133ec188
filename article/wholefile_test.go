package article

import (
	"archive/tar"
	"bytes"
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// Whole-file mistakes: a file that is not JSON Lines as a whole (another
// compression, an archive, a JSON array) is one problem naming the file,
// saying how to convert it, and is skipped, in every pass alike; it is
// not a rejection for each of its lines.

// wholeRun is what two passes over some inputs gave.
type wholeRun struct {
	first, second []rec
	probs         []problem
	done, total   int64 // Progress after the second pass
}

// twoPasses reads inputs twice, with parsing, collecting the problems.
func twoPasses(t *testing.T, inputs []string, stdin []byte, opts Options) wholeRun {
	t.Helper()
	var w wholeRun
	opts.OnProblem = func(pos Pos, err error) error {
		w.probs = append(w.probs, problem{pos, err})
		return nil
	}
	opts.TempDir = t.TempDir()
	// Standard input comes a byte at a time, as a slow pipe may give it:
	// what a pass decides must not depend on what is buffered.
	r, err := NewReader(inputs, iotest.OneByteReader(bytes.NewReader(stdin)), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if w.first, err = each(r, true); err != nil {
		t.Fatalf("first pass: %v", err)
	}
	if w.second, err = each(r, true); err != nil {
		t.Fatalf("second pass: %v", err)
	}
	w.done, w.total = r.Progress()
	if len(w.first) != len(w.second) {
		t.Fatalf("%d records in the first pass, %d in the second", len(w.first), len(w.second))
	}
	for i := range w.first {
		a, b := w.first[i], w.second[i]
		if a.Seq != i || b.Seq != i || a.Pos != b.Pos || a.Raw != b.Raw || errString(a.Err) != errString(b.Err) {
			t.Fatalf("record %d: %d %v %q %v, then %d %v %q %v", i, a.Seq, a.Pos, a.Raw, a.Err, b.Seq, b.Pos, b.Raw, b.Err)
		}
	}
	return w
}

// checkSkipped checks that the input named name was skipped as a whole
// with one problem holding subs, and that the only records are those of
// ok.jsonl (ids ok1, ok2).
func checkSkipped(t *testing.T, w wholeRun, name string, subs ...string) {
	t.Helper()
	if len(w.probs) != 1 {
		t.Fatalf("%d problems, want one (told in the first pass only): %v", len(w.probs), w.probs)
	}
	if p := w.probs[0]; p.Pos != (Pos{File: name}) {
		t.Errorf("problem at %v, want the file %s (no line)", p.Pos, name)
	}
	msg := errString(w.probs[0].Err)
	if miss := containsAll(msg, append(subs, "skipped")...); miss != "" {
		t.Errorf("problem %q lacks %q", msg, miss)
	}
	var ids []string
	for _, x := range w.first {
		if x.Err != nil || filepath.Base(x.Pos.File) != "ok.jsonl" {
			t.Errorf("record %v from the skipped input: %q %v", x.Pos, x.Raw, x.Err)
			continue
		}
		ids = append(ids, x.Article.ID)
	}
	if strings.Join(ids, " ") != "ok1 ok2" {
		t.Errorf("records %q, want those of ok.jsonl: ok1 ok2", ids)
	}
}

// okFile writes the good file read after the bad one.
func okFile(t *testing.T, dir string) string {
	return writeFile(t, dir, "ok.jsonl", []byte(`{"id":"ok1","text":"one"}`+"\n"+`{"id":"ok2","text":"two"}`+"\n"))
}

// garbage is what follows a magic number in the crafted streams below:
// lines that would each be a rejection (or a record) if read as JSON Lines.
const garbage = "\x00\x13\x9a\n{\"id\":\"trap\"}\n\xff\xfe junk\n[1,2]\n"

func TestCompressedFormatsSkipped(t *testing.T) {
	for _, c := range []struct {
		name, file string
		data       []byte
		subs       []string
	}{
		{"bzip2", "seeds.jsonl.bz2", []byte("BZh91AY&SY" + garbage), []string{"bzip2-compressed", "decompress it first", "bzip2 -dc FILE > FILE.jsonl"}},
		{"bzip2 block size 1", "seeds.bz2", []byte("BZh11AY&SY" + garbage), []string{"bzip2-compressed", "bzip2 -dc"}},
		{"empty bzip2", "empty.jsonl.bz2", []byte("BZh9\x17rE8P\x90\x00\x00\x00\x00"), []string{"bzip2-compressed"}},
		{"xz", "seeds.jsonl.xz", []byte("\xfd7zXZ\x00" + garbage), []string{"xz-compressed", "decompress it first", "xz -dc FILE > FILE.jsonl"}},
		{"zip", "seeds.zip", []byte("PK\x03\x04\x14\x00\x00\x00" + garbage), []string{"zip archive", "extract it first", "unzip -p FILE > FILE.jsonl"}},
		{"empty zip", "empty.zip", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), []string{"zip archive", "unzip -p"}},
		{"7z", "seeds.7z", []byte("7z\xbc\xaf\x27\x1c\x00\x04" + garbage), []string{"7z archive", "extract it first", "7z x -so FILE > FILE.jsonl"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := writeFile(t, dir, c.file, c.data)
			ok := okFile(t, dir)
			w := twoPasses(t, []string{bad, ok}, nil, Options{})
			checkSkipped(t, w, bad, c.subs...)
			if w.done != w.total {
				t.Errorf("Progress at the end = %d of %d", w.done, w.total)
			}
			// The same on standard input.
			w = twoPasses(t, []string{"-", ok}, c.data, Options{})
			checkSkipped(t, w, "-", c.subs...)
		})
	}
}

// Streams made by the tools themselves, when they are installed.
func TestCompressedByToolsSkipped(t *testing.T) {
	dir := t.TempDir()
	plain := writeFile(t, dir, "in.jsonl", records(50))
	ok := okFile(t, dir)
	for _, c := range []struct {
		tool string
		args []string
		out  string
		sub  string
	}{
		{"bzip2", []string{"-k", plain}, plain + ".bz2", "bzip2-compressed"},
		{"xz", []string{"-k", plain}, plain + ".xz", "xz-compressed"},
		{"zip", []string{"-j", "-q", filepath.Join(dir, "in.zip"), plain}, filepath.Join(dir, "in.zip"), "zip archive"},
		{"7z", []string{"a", "-bd", filepath.Join(dir, "in.7z"), plain}, filepath.Join(dir, "in.7z"), "7z archive"},
		{"tar", []string{"-czf", filepath.Join(dir, "in.tar.gz"), "-C", dir, "in.jsonl"}, filepath.Join(dir, "in.tar.gz"), "tar archive (in a gzip stream)"},
	} {
		t.Run(c.tool, func(t *testing.T) {
			if _, err := exec.LookPath(c.tool); err != nil {
				t.Skipf("%s is not installed", c.tool)
			}
			if out, err := exec.Command(c.tool, c.args...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", c.tool, err, out)
			}
			w := twoPasses(t, []string{c.out, ok}, nil, Options{})
			checkSkipped(t, w, c.out, c.sub)
		})
	}
}

// tarOf returns a tar archive (GNU or POSIX, by format) of one file.
func tarOf(t *testing.T, format tar.Format, name string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Format: format}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A tar archive, plain or compressed, is one problem and skipped, not a
// rejection for each of its lines; so on standard input.
func TestTarSkipped(t *testing.T) {
	inner := records(20)
	for _, c := range []struct {
		name, file string
		data       []byte
		what       string
	}{
		{"POSIX", "seeds.tar", tarOf(t, tar.FormatPAX, "in.jsonl", inner), "a tar archive:"},
		{"USTAR", "seeds.tar", tarOf(t, tar.FormatUSTAR, "a.txt", []byte("one\ntwo\n")), "a tar archive:"},
		{"GNU in gzip", "seeds.tar.gz", gzipBytes(t, tarOf(t, tar.FormatGNU, "in.jsonl", inner)), "a tar archive (in a gzip stream):"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := writeFile(t, dir, c.file, c.data)
			ok := okFile(t, dir)
			subs := []string{c.what, "tar -xf FILE"}
			w := twoPasses(t, []string{bad, ok}, nil, Options{})
			checkSkipped(t, w, bad, subs...)
			w = twoPasses(t, []string{"-", ok}, c.data, Options{})
			checkSkipped(t, w, "-", subs...)
		})
	}
}

// A plain file that merely starts with the letters of a magic number is
// read as it is.
func TestMagicLookalikesRead(t *testing.T) {
	dir := t.TempDir()
	for _, data := range []string{"BZh9 not bzip2\n", "BZh91AY&S\n", "PK\n", "7z\n", "BZ",
		strings.Repeat("x", 257) + "ustar!\n", strings.Repeat("x", 257) + "ustar"} {
		p := writeFile(t, dir, "x.jsonl", []byte(data))
		w := twoPasses(t, []string{p}, nil, Options{})
		if len(w.probs) != 0 || len(w.first) != 1 || w.first[0].Err == nil {
			t.Errorf("%q: records %+v, problems %v; want one rejected record", data, w.first, w.probs)
		}
	}
}

const prettyArray = `[
  {
    "id": "a1",
    "title": "Storm hits the coast",
    "text": "A powerful storm hit the northern coast on Monday."
  },
  {
    "id": "a2",
    "title": "Markets fall",
    "text": "Stocks fell sharply on Tuesday."
  }
]
`

const lineArray = `[{"id":"a1","text":"A storm."},{"id":"a2","text":"Markets fall."}]`

func TestJSONArraySkipped(t *testing.T) {
	plainCmd := "jq -c '.[]' FILE > FILE.jsonl"
	for _, c := range []struct {
		name, file string
		data       []byte
		max        int
		cmd        string
	}{
		{"pretty-printed", "seeds.json", []byte(prettyArray), 0, plainCmd},
		{"pretty-printed, CRLF", "seeds.json", []byte(strings.ReplaceAll(prettyArray, "\n", "\r\n")), 0, plainCmd},
		{"bracket and brace on the first line", "seeds.json", []byte("[{\n\"id\": \"a1\"\n}, {\n\"id\": \"a2\"\n}]"), 0, plainCmd},
		{"compact elements, one a line", "seeds.json", []byte("[\n" + `{"id":"a1"},` + "\n" + `{"id":"a2"}` + "\n]\n"), 0, plainCmd},
		{"BOM and blank lines first", "seeds.json", []byte("\xef\xbb\xbf\n  \n\t" + prettyArray), 0, plainCmd},
		{"on one line", "seeds.json", []byte(lineArray), 0, plainCmd},
		{"on one line, line end and blank lines after", "seeds.jsonl", []byte(" " + lineArray + " \r\n\n  \n\t\n"), 0, plainCmd},
		{"on one line, longer than the limit", "seeds.json", []byte(lineArray + "\n"), 40, plainCmd},
		{"on one line, longer than the limit, spaces after the bracket", "seeds.json", []byte("[" + strings.Repeat(" ", 30) + lineArray[1:] + "\n"), 40, plainCmd},
		{"empty", "empty.json", []byte("[]\n"), 0, plainCmd},
		{"a bracket alone", "cut.json", []byte("["), 0, plainCmd},
		{"gzip, pretty-printed", "seeds.json.gz", gzipBytes(t, []byte(prettyArray)), 0, "gzip -dc FILE | jq -c '.[]' > FILE.jsonl"},
		{"gzip, on one line", "seeds.json.gz", gzipBytes(t, []byte(lineArray)), 0, "gzip -dc FILE | jq -c '.[]'"},
		{"gzip, cut short", "seeds.json.gz", cutHalf(gzipBytes(t, []byte("[\n"+strings.ReplaceAll(string(randomRecords(200)), "}\n", "},\n")+"{}]\n"))), 0, "gzip -dc FILE"},
		{"zstd, pretty-printed", "seeds.json.zst", zstdBytes(t, []byte(prettyArray)), 0, "zstd -dc FILE | jq -c '.[]' > FILE.jsonl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := writeFile(t, dir, c.file, c.data)
			ok := okFile(t, dir)
			opts := Options{MaxRecordBytes: c.max}
			subs := []string{"it holds a JSON array, samestory reads JSON Lines (one object per line): convert it first, e.g. ", c.cmd}
			w := twoPasses(t, []string{bad, ok}, nil, opts)
			checkSkipped(t, w, bad, subs...)
			if w.done != w.total {
				t.Errorf("Progress at the end = %d of %d", w.done, w.total)
			}
			w = twoPasses(t, []string{"-", ok}, c.data, opts)
			checkSkipped(t, w, "-", subs...)
			// In a folder, as a .json file.
			folder := filepath.Join(dir, "folder")
			writeFile(t, folder, "a.json", c.data)
			writeFile(t, folder, "b/ok.jsonl", []byte(`{"id":"ok1","text":"one"}`+"\n"+`{"id":"ok2","text":"two"}`+"\n"))
			w = twoPasses(t, []string{folder}, nil, opts)
			checkSkipped(t, w, filepath.Join(folder, "a.json"), subs...)
		})
	}
}

// Objects printed over many lines (jq ., an indented json.dump), one or
// a run of them, are one problem and skipped, not a rejection for each
// line; a line that opens with '{' and more is a record, bad or not.
func TestPrettyJSONSkipped(t *testing.T) {
	one := "{\n  \"id\": \"a1\",\n  \"text\": \"A storm.\"\n}\n"
	cmd := "jq -c . FILE > FILE.jsonl"
	for _, c := range []struct {
		name, file string
		data       []byte
		cmd        string
	}{
		{"one object", "seed.json", []byte(one), cmd},
		{"a run of objects, CRLF", "seeds.json", []byte(strings.ReplaceAll(one+one, "\n", "\r\n")), cmd},
		{"BOM, blank lines and spaces first", "seeds.jsonl", []byte("\xef\xbb\xbf\n \n  {  \n\"id\": 1\n}"), cmd},
		{"gzip", "seeds.json.gz", gzipBytes(t, []byte(one)), "gzip -dc FILE | jq -c . > FILE.jsonl"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := writeFile(t, dir, c.file, c.data)
			ok := okFile(t, dir)
			subs := []string{"it holds JSON printed over many lines", c.cmd}
			w := twoPasses(t, []string{bad, ok}, nil, Options{})
			checkSkipped(t, w, bad, subs...)
			w = twoPasses(t, []string{"-", ok}, c.data, Options{})
			checkSkipped(t, w, "-", subs...)
		})
	}
	// Records that merely start with '{' are read as records.
	for _, data := range []string{"{\"id\":\"a1\",\n\"text\":\"x\"}\n", "{ \"id\": \"a1\", \"text\": \"one\" }\n{\n"} {
		dir := t.TempDir()
		p := writeFile(t, dir, "x.jsonl", []byte(data))
		w := twoPasses(t, []string{p}, nil, Options{})
		if len(w.probs) != 0 || len(w.first) != 2 {
			t.Errorf("%q: records %+v, problems %v; want two records and no problem", data, w.first, w.probs)
		}
	}
}

// Without OnProblem, a skipped file stops the pass, naming the file.
func TestWholeFileProblemStrict(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"a.json": prettyArray, "b.jsonl.bz2": "BZh91AY&SY" + garbage} {
		p := writeFile(t, dir, name, []byte(data))
		r, err := NewReader([]string{p}, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := each(r, true)
		if err == nil || !strings.Contains(err.Error(), p+": ") || len(recs) != 0 {
			t.Errorf("%s: records %v, error %v; want none and an error naming the file", name, recs, err)
		}
	}
}

// A stream that only starts like an array is JSON Lines, each line read
// on its own as before: an array on the first line that is not an array
// of objects, or that more records follow, is one rejected record.
func TestJSONArrayRecordsStillLines(t *testing.T) {
	long := `[{"id":"big","text":"` + strings.Repeat("x", 100) + `"}]`
	for _, c := range []struct {
		name string
		data string
		max  int
		want []string // line: id, or line: the kind of rejection
	}{
		{"array of numbers alone", "[1]\n", 0, []string{"1: not a JSON object"}},
		{"array of numbers and objects", `[{"id":"a"},2]`, 0, []string{"1: not a JSON object"}},
		{"array of strings alone", `["{","}"]`, 0, []string{"1: not a JSON object"}},
		{"array, then records", `[{"id":"a"}]` + "\n" + `{"id":"o1"}` + "\n", 0, []string{"1: not a JSON object", "2: o1"}},
		{"array, blank lines, records", `[{"id":"a"}]` + "\r\n\n  \n\t\r\n" + `  {"id":"o1"}` + "\n", 0, []string{"1: not a JSON object", "5: o1"}},
		{"arrays on every line", `[{"id":"a"}]` + "\n" + `[{"id":"b"}]` + "\n", 0, []string{"1: not a JSON object", "2: not a JSON object"}},
		{"too long array, then a record", long + "\n" + `{"id":"o1"}`, 60, []string{"1: too long", "2: o1"}},
		{"too long array of numbers alone", "[" + strings.Repeat("1,", 50) + "1]", 60, []string{"1: too long"}},
		{"a log line first", "[2015-07-21 10:00:01] export started\n" + `{"id":"o1"}` + "\n", 0, []string{"1: not valid JSON", "2: o1"}},
		{"too long, spaces before its first element", "[" + strings.Repeat(" ", 30) + `{"id":"big","text":"` + strings.Repeat("x", 100) + `"}` + "\n" + `{"id":"o1"}`, 60, []string{"1: too long", "2: o1"}},
		{"record, then arrays", `{"id":"o1"}` + "\n" + lineArray + "\n[\n", 0, []string{"1: o1", "2: not a JSON object", "3: not valid JSON"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "x.jsonl", []byte(c.data))
			for _, in := range []string{p, "-"} {
				w := twoPasses(t, []string{in}, []byte(c.data), Options{MaxRecordBytes: c.max})
				if len(w.probs) != 0 {
					t.Errorf("%s: problems %v", in, w.probs)
				}
				var got []string
				for _, x := range w.first {
					s := x.Article.ID
					var re *RecordError
					if x.Err != nil && errors.As(x.Err, &re) {
						s = re.Key()
					}
					got = append(got, strconv.Itoa(x.Pos.Line)+": "+s)
				}
				if strings.Join(got, "|") != strings.Join(c.want, "|") {
					t.Errorf("%s: records %q, want %q", in, got, c.want)
				}
			}
		})
	}
}

// Files that start with blanks, blank lines or a byte-order mark and then
// '{' are read as before: every record, at its line, with its bytes.
func TestWholeFileChecksLeaveJSONLinesAlone(t *testing.T) {
	for _, c := range []struct {
		name string
		data string
		want []string // line: raw
	}{
		{"plain", `{"id":"a"}` + "\n" + `{"id":"b"}`, []string{`1: {"id":"a"}`, `2: {"id":"b"}`}},
		{"leading spaces", `   {"id":"a"}` + "\n\t" + `{"id":"b"}`, []string{`1:    {"id":"a"}`, "2: \t" + `{"id":"b"}`}},
		{"blank lines first", "\n \r\n\t\n" + `{"id":"a"}`, []string{`4: {"id":"a"}`}},
		{"BOM", "\xef\xbb\xbf" + `{"id":"a"}` + "\n", []string{`1: {"id":"a"}`}},
		{"BOM and spaces", "\xef\xbb\xbf  " + `{"id":"a"}` + "\n", []string{`1:   {"id":"a"}`}},
		{"BOM, blank lines, spaces", "\xef\xbb\xbf\r\n\n " + `{"id":"a","t":"[x]"}`, []string{`3:  {"id":"a","t":"[x]"}`}},
		{"a text starting with a bracket", `{"id":"a","text":"[1] A storm."}` + "\n", []string{`1: {"id":"a","text":"[1] A storm."}`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			inputs := map[string][]byte{
				"x.jsonl":    []byte(c.data),
				"x.jsonl.gz": gzipBytes(t, []byte(c.data)),
			}
			for name, data := range inputs {
				p := writeFile(t, dir, name, data)
				for _, in := range []string{p, "-"} {
					w := twoPasses(t, []string{in}, data, Options{})
					if len(w.probs) != 0 {
						t.Errorf("%s: problems %v", name, w.probs)
					}
					var got []string
					for _, x := range w.first {
						if x.Err != nil {
							t.Errorf("%s: %v: %v", name, x.Pos, x.Err)
						}
						got = append(got, strconv.Itoa(x.Pos.Line)+": "+x.Raw)
					}
					if strings.Join(got, "|") != strings.Join(c.want, "|") {
						t.Errorf("%s (%s): records %q, want %q", name, in, got, c.want)
					}
				}
			}
		})
	}
}

func TestArrayOfObjects(t *testing.T) {
	for b, want := range map[string]bool{
		`[]`:                              true,
		`[ ]`:                             true,
		`[{}]`:                            true,
		`[{"a":[1,2]}, {"b":"],[1"}]`:     true,
		`[ {"a":"\"]"} ,{"c":{"d":[]}} ]`: true,
		`[1]`:                             false,
		`[{},1]`:                          false,
		`[[{}]]`:                          false,
		`[{}, "x"]`:                       false,
		`[null]`:                          false,
		`{"a":[{}]}`:                      false,
	} {
		if got := arrayOfObjects([]byte(b)); got != want {
			t.Errorf("arrayOfObjects(%s) = %v, want %v", b, got, want)
		}
	}
}

// cutHalf returns the first half of b.
func cutHalf(b []byte) []byte { return b[:len(b)/2] }
