package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// copySeeds copies the seed articles into a new folder of dir.
func copySeeds(t *testing.T, dir string) string {
	t.Helper()
	folder := filepath.Join(dir, "seeds")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, id := range seedIDs {
		writeFile(t, folder, id+".txt", readFile(t, filepath.Join(seedsDir, id+".txt")))
	}
	return folder
}

// An output that is also an input would be emptied before it is read:
// the run is refused, and the input left as it was.
func TestOutputIsInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", in, seedsDir)
	before := readFile(t, in)
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"cluster", "-o", in, in},
		{"dedup", "-o", in, in},
		{"cluster", "-o", link, in},
		{"cluster", "--errors", in, "-o", filepath.Join(dir, "out.jsonl"), in},
		{"cluster", "--report", in, "-o", filepath.Join(dir, "out.jsonl"), in},
		{"explain", "--pair", seed002 + "," + seed003, "-o", in, in},
	} {
		r := mustRun(t, exitUsage, nil, args...)
		if !strings.Contains(r.stderr, "is also an input") {
			t.Errorf("%q: stderr does not say why:\n%s", args, r.stderr)
		}
		if got := readFile(t, in); got != before {
			t.Fatalf("%q: the input changed", args)
		}
	}
	// Standard output and other files are fine.
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", "-", in)
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", filepath.Join(dir, "other.jsonl"), in)
}

// An output inside a folder given as input would be read as input;
// hidden files are not read, so one may go there.
func TestOutputInInputFolder(t *testing.T) {
	dir := t.TempDir()
	folder := copySeeds(t, dir)
	for _, name := range []string{"out.jsonl", "report.html", filepath.Join("sub", "out.jsonl")} {
		if err := os.MkdirAll(filepath.Join(folder, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		r := mustRun(t, exitUsage, nil, "cluster", "-o", filepath.Join(folder, name), folder)
		if !strings.Contains(r.stderr, "inside the input folder") {
			t.Errorf("%s: stderr does not say why:\n%s", name, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(folder, name)); err == nil {
			t.Errorf("%s: created", name)
		}
	}
	hidden := filepath.Join(folder, ".out.jsonl")
	r := mustRun(t, exitOK, nil, "cluster", "-o", hidden, folder)
	if got := summary(t, "cluster", r.stderr); !strings.Contains(got, "read 5 records, wrote 5") {
		t.Errorf("summary %q", got)
	}
	if n := len(parseOutput(t, readFile(t, hidden))); n != 5 {
		t.Errorf("%d records written, want 5", n)
	}
}

// Links do not get past the check: a symbolic or hard link to a file of
// an input folder, a dangling link into it, the folder itself; nor two
// outputs naming one file, a profile included. /dev/null is no clash.
func TestOutputClashLinks(t *testing.T) {
	dir := t.TempDir()
	folder := copySeeds(t, dir)
	in := filepath.Join(folder, "in.jsonl")
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", filepath.Join(dir, "in.jsonl"), seedsDir)
	if err := os.Rename(filepath.Join(dir, "in.jsonl"), in); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, in)
	link, hard, dangling := filepath.Join(dir, "link.jsonl"), filepath.Join(dir, "hard.jsonl"), filepath.Join(dir, "dangling.jsonl")
	for _, err := range []error{os.Symlink(in, link), os.Link(in, hard), os.Symlink(filepath.Join(folder, "new.jsonl"), dangling)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(dir, "other.jsonl")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"cluster", "-o", link, folder}, "inside the input folder"},
		{[]string{"cluster", "-o", hard, folder}, "is a link to a file of the input folder"},
		{[]string{"cluster", "-o", dangling, folder}, "inside the input folder"},
		{[]string{"cluster", "-o", folder, folder}, "is a folder given as input"},
		{[]string{"cluster", "-q", "--cpuprofile", in, "-o", other, in}, "--cpuprofile " + in + " is also an input"},
		{[]string{"cluster", "-o", other, "--errors", other, in}, "-o and --errors name one file"},
		{[]string{"cluster", "-o", other, "--report", link + ".md", "--memprofile", link + ".md", in}, "--memprofile and --report name one file"},
	} {
		r := mustRun(t, exitUsage, nil, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr:\n%s\nwant %q", c.args, r.stderr, c.want)
		}
		if readFile(t, in) != before {
			t.Fatalf("%q: the input changed", c.args)
		}
	}
	if _, err := os.Stat(filepath.Join(folder, "new.jsonl")); err == nil {
		t.Error("the dangling link's target was created")
	}
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", os.DevNull, "--errors", os.DevNull, folder)
	// A profile path that cannot be written fails before the output is
	// made, so an output there before is left whole.
	writeFile(t, dir, "prev.jsonl", "precious\n")
	r := mustRun(t, exitFail, nil, "cluster", "-q", "-o", filepath.Join(dir, "prev.jsonl"), "--cpuprofile", filepath.Join(dir, "no", "x.prof"), folder)
	if got := readFile(t, filepath.Join(dir, "prev.jsonl")); got != "precious\n" || !strings.Contains(r.stderr, "--cpuprofile") {
		t.Errorf("bad --cpuprofile: the output holds %q; stderr %q", got, r.stderr)
	}
}

// A folder given through a symbolic link is read; a folder given twice is
// read once.
func TestFolderLinkAndTwice(t *testing.T) {
	dir := t.TempDir()
	folder := copySeeds(t, dir)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(folder, link); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, exitOK, nil, "cluster", link)
	if got := ids(parseOutput(t, r.stdout)); strings.Join(got, " ") != strings.Join(seedIDs, " ") {
		t.Errorf("through a link: ids %q", got)
	}
	r = mustRun(t, exitOK, nil, "cluster", folder, link+string(filepath.Separator))
	if n := len(parseOutput(t, r.stdout)); n != 5 || !strings.Contains(r.stderr, "folder given twice as input (first as "+folder+")") {
		t.Errorf("twice: %d records; stderr:\n%s", n, r.stderr)
	}
}

// A folder's hidden files and folders (.git, .DS_Store) are not read.
func TestFolderHiddenSkipped(t *testing.T) {
	dir := t.TempDir()
	folder := copySeeds(t, dir)
	if err := os.Mkdir(filepath.Join(folder, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(folder, ".git"), "x.json", `{"id":"git","text":"not an article"}`+"\n")
	writeFile(t, folder, ".DS_Store", "\x00\x00\x00\x01Bud1")
	writeFile(t, folder, ".draft.txt", "not yet")
	r := mustRun(t, exitOK, nil, "cluster", folder)
	got := ids(parseOutput(t, r.stdout))
	if strings.Join(got, " ") != strings.Join(seedIDs, " ") {
		t.Errorf("ids %q, want the seeds'", got)
	}
	if strings.Contains(r.stderr, "bad input") {
		t.Errorf("hidden files reported:\n%s", r.stderr)
	}
}

// A file given twice (or as a file and in a folder also given) is read
// once and reported; before, the second pass failed.
func TestInputGivenTwice(t *testing.T) {
	dir := t.TempDir()
	folder := copySeeds(t, dir)
	one := filepath.Join(folder, seed001+".txt")
	for _, args := range [][]string{
		{"cluster", folder, one},
		{"cluster", one, folder},
		{"cluster", one, folder + string(filepath.Separator) + "." + string(filepath.Separator) + seed001 + ".txt", folder},
	} {
		r := mustRun(t, exitOK, nil, args...)
		if n := len(parseOutput(t, r.stdout)); n != 5 {
			t.Errorf("%q: %d records, want 5", args, n)
		}
		if !strings.Contains(r.stderr, "given twice as input") || strings.Contains(r.stderr, "duplicate id") {
			t.Errorf("%q: stderr:\n%s", args, r.stderr)
		}
	}
	r := mustRun(t, exitFail, nil, "cluster", "--strict", one, one)
	if !strings.Contains(r.stderr, "given twice as input") {
		t.Errorf("--strict: stderr:\n%s", r.stderr)
	}
}

// explain honours -o, --strict and --cpuprofile like cluster, and wants
// two different ids.
func TestExplainFlags(t *testing.T) {
	dir := t.TempDir()
	out, prof := filepath.Join(dir, "ex.txt"), filepath.Join(dir, "cpu.prof")
	r := mustRun(t, exitOK, nil, "explain", "-o", out, "--cpuprofile", prof, "--pair", seed002+","+seed003, seedsDir)
	if r.stdout != "" {
		t.Errorf("-o: stdout %q, want empty", r.stdout)
	}
	if rows := explainRows(t, readFile(t, out)); len(rows) != 1 || rows[0]["same story"] != "yes" {
		t.Errorf("-o: file holds %v", rows)
	}
	if st, err := os.Stat(prof); err != nil || st.Size() == 0 {
		t.Errorf("--cpuprofile: %v", err)
	}
	bad := writeFile(t, dir, "bad.jsonl", `{"id":"a","text":"one two three"}`+"\nnot json\n"+`{"id":"b","text":"one two three"}`+"\n")
	mustRun(t, exitOK, nil, "explain", "-q", "--pair", "a,b", bad)
	r = mustRun(t, exitFail, nil, "explain", "--strict", "--pair", "a,b", bad)
	if !strings.Contains(r.stderr, "stopped by --strict at") || r.stdout != "" {
		t.Errorf("--strict: stdout %q, stderr:\n%s", r.stdout, r.stderr)
	}
	r = mustRun(t, exitUsage, nil, "explain", "--pair", seed002+","+seed002, seedsDir)
	if !strings.Contains(r.stderr, "two different ids") {
		t.Errorf("same id twice: stderr:\n%s", r.stderr)
	}
}

// -o FILE.gz and FILE.zst write the output compressed, the same bytes
// from run to run; other names, and explain's -o, likewise.
func TestCompressedOutput(t *testing.T) {
	dir := t.TempDir()
	for _, cmd := range []string{"cluster", "dedup"} {
		plain := mustRun(t, exitOK, nil, cmd, "-q", seedsDir).stdout
		for _, ext := range []string{".gz", ".zst"} {
			path := filepath.Join(dir, cmd+".jsonl"+ext)
			mustRun(t, exitOK, nil, cmd, "-q", "-o", path, seedsDir)
			first := readFile(t, path)
			if got := decompressed(t, path); got != plain {
				t.Errorf("%s -o %s: decompressed output differs from the plain one", cmd, ext)
			}
			mustRun(t, exitOK, nil, cmd, "-q", "-o", path, seedsDir)
			if readFile(t, path) != first {
				t.Errorf("%s -o %s: two runs wrote different bytes", cmd, ext)
			}
			// The compressed output is an input like any other.
			again := mustRun(t, exitOK, nil, "cluster", "-q", path).stdout
			if n := len(parseOutput(t, again)); n != len(parseOutput(t, plain)) {
				t.Errorf("%s -o %s read back: %d records", cmd, ext, n)
			}
		}
	}
	path := filepath.Join(dir, "ex.txt.gz")
	plain := mustRun(t, exitOK, nil, "explain", "--pair", seed002+","+seed003, seedsDir).stdout
	mustRun(t, exitOK, nil, "explain", "-o", path, "--pair", seed002+","+seed003, seedsDir)
	if got := decompressed(t, path); got != plain {
		t.Errorf("explain -o .gz: %q, want %q", got, plain)
	}
}

// decompressed returns the content of the gzip or zstd file path.
func decompressed(t *testing.T, path string) string {
	t.Helper()
	raw := []byte(readFile(t, path))
	var r io.Reader
	var err error
	if strings.HasSuffix(path, ".gz") {
		r, err = gzip.NewReader(bytes.NewReader(raw))
	} else {
		var d *zstd.Decoder
		d, err = zstd.NewReader(bytes.NewReader(raw))
		if err == nil {
			defer d.Close()
		}
		r = d
	}
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return string(out)
}
