package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// evalFiles writes the seeds' cluster output (plain, gzip and zstd) and
// gold files to a temporary folder.
type evalFiles struct {
	out, outGz, outZst, clusterGold, pairGold, wrongGold string
}

// writeZstd writes data zstd-compressed to name in dir and returns its path.
func writeZstd(t *testing.T, dir, name, data string) string {
	t.Helper()
	var b bytes.Buffer
	zw, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, b.String())
}

func newEvalFiles(t *testing.T) evalFiles {
	t.Helper()
	dir := t.TempDir()
	var f evalFiles
	f.out = filepath.Join(dir, "out.jsonl")
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", f.out, seedsDir)
	f.outGz = writeGzip(t, dir, "out.jsonl.gz", readFile(t, f.out))
	f.outZst = writeZstd(t, dir, "out.jsonl.zst", readFile(t, f.out))
	f.clusterGold = writeFile(t, dir, "cluster.tsv", "id\tlabel\n"+
		seed000+"\tA\n"+seed001+"\tB\n"+seed002+"\tB\n"+seed003+"\tB\n"+seed004+"\tC\n")
	// Every seed in a story of its own: the output cannot score 1.
	f.wrongGold = writeFile(t, dir, "wrong.tsv", "id\tlabel\n"+
		seed000+"\tA\n"+seed001+"\tB\n"+seed002+"\tC\n"+seed003+"\tD\n"+seed004+"\tE\n")
	f.pairGold = writeFile(t, dir, "pairs.tsv", "pair\tid_a\tid_b\tlabel\n"+
		"p1\t"+seed002+"\t"+seed003+"\tDUP\n"+
		"p2\t"+seed001+"\t"+seed002+"\tSAME_EVENT\n"+
		"p3\t"+seed000+"\t"+seed004+"\tDIFFERENT\n")
	return f
}

// tableValue returns the cells after the label in the table line that
// starts with label.
func tableValue(t *testing.T, table, label string) string {
	t.Helper()
	for _, l := range lines(table) {
		if strings.HasPrefix(l, label+"  ") {
			return strings.TrimSpace(l[len(label):])
		}
	}
	t.Fatalf("table has no line %q:\n%s", label, table)
	return ""
}

func TestEvalClusterGold(t *testing.T) {
	f := newEvalFiles(t)
	r := mustRun(t, exitOK, nil, "eval", f.out, f.clusterGold)
	if v := tableValue(t, r.stdout, "B-cubed F1"); v != "1.0000" {
		t.Errorf("B-cubed F1 = %q, want 1.0000 (the gold is the output's partition)", v)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q", r.stderr)
	}
	wrong := mustRun(t, exitOK, nil, "eval", f.out, f.wrongGold)
	if v := tableValue(t, wrong.stdout, "B-cubed F1"); v == "1.0000" {
		t.Errorf("B-cubed F1 is 1 against a gold that splits the story")
	}

	r = mustRun(t, exitOK, nil, "eval", "--json", f.out, f.clusterGold)
	var m map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if v, ok := m["bcubed_f1"].(float64); !ok || v != 1 {
		t.Errorf("--json: bcubed_f1 = %v, want 1", m["bcubed_f1"])
	}

	// Standard input as OUTPUT.
	s := mustRun(t, exitOK, strings.NewReader(readFile(t, f.out)), "eval", "-", f.clusterGold)
	if s.stdout != mustRun(t, exitOK, nil, "eval", f.out, f.clusterGold).stdout {
		t.Errorf("OUTPUT from stdin scores differently")
	}
}

func TestEvalPairGold(t *testing.T) {
	f := newEvalFiles(t)
	r := mustRun(t, exitOK, nil, "eval", f.out, f.pairGold)
	if v := tableValue(t, r.stdout, "DUP in one duplicate group"); !strings.HasPrefix(v, "1/1 ") {
		t.Errorf("DUP in one duplicate group: %q, want 1/1", v)
	}
	r = mustRun(t, exitOK, nil, "eval", "--json", f.out, f.pairGold)
	var m map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if v, ok := m["dup_together_share"].(float64); !ok || v != 1 {
		t.Errorf("--json: dup_together_share = %v, want 1", m["dup_together_share"])
	}
}

// TestEvalCompressed checks that OUTPUT and GOLD may be gzip or zstd, told
// apart by their first bytes rather than by their names, and score as the
// plain files do.
func TestEvalCompressed(t *testing.T) {
	f := newEvalFiles(t)
	dir := t.TempDir()
	out := readFile(t, f.out)
	// zstd under a plain name, plain under a .zst name.
	zstdNamedPlain := writeZstd(t, dir, "zstd.jsonl", out)
	plainNamedZstd := writeFile(t, dir, "plain.jsonl.zst", out)
	for _, gold := range []string{f.clusterGold, f.pairGold} {
		plain := mustRun(t, exitOK, nil, "eval", f.out, gold)
		for _, o := range []string{f.outGz, f.outZst, zstdNamedPlain, plainNamedZstd} {
			r := mustRun(t, exitOK, nil, "eval", o, gold)
			if r.stdout != plain.stdout || r.stderr != "" {
				t.Errorf("%s against %s scores differently:\n%s\n----\n%s\nstderr: %s",
					filepath.Base(o), filepath.Base(gold), r.stdout, plain.stdout, r.stderr)
			}
		}
		s := mustRun(t, exitOK, strings.NewReader(readFile(t, f.outZst)), "eval", "-", gold)
		if s.stdout != plain.stdout {
			t.Errorf("zstd OUTPUT on standard input against %s scores differently", filepath.Base(gold))
		}
		text := readFile(t, gold)
		for _, g := range []string{
			writeGzip(t, dir, filepath.Base(gold)+".gz", text),
			writeZstd(t, dir, filepath.Base(gold)+".zst", text),
			writeZstd(t, dir, "zstd-"+filepath.Base(gold), text),
		} {
			r := mustRun(t, exitOK, nil, "eval", f.out, g)
			if r.stdout != plain.stdout {
				t.Errorf("compressed GOLD %s scores differently:\n%s\n----\n%s", filepath.Base(g), r.stdout, plain.stdout)
			}
		}
	}
}

// TestEvalErrorPrefix checks that an error from the eval package reads
// "samestory eval: FILE…", not "samestory eval: eval: FILE…".
func TestEvalErrorPrefix(t *testing.T) {
	f := newEvalFiles(t)
	dir := t.TempDir()
	zst := readFile(t, f.outZst)
	badOut := writeFile(t, dir, "bad.jsonl", "not json\n")
	cutZst := writeFile(t, dir, "cut.jsonl.zst", zst[:len(zst)/2])
	badGold := writeFile(t, dir, "bad.tsv", "doc\tevent\na\tE1\n")
	tests := []struct {
		args []string
		code int
		has  string
	}{
		{[]string{"eval", badOut, f.clusterGold}, exitFail, "bad.jsonl:1: invalid character"},
		{[]string{"eval", cutZst, f.clusterGold}, exitFail, "cut.jsonl.zst:"},
		{[]string{"eval", f.out, badGold}, exitFail, "bad.tsv:1: header names neither"},
		{[]string{"eval", "--level", "bogus", f.out, f.clusterGold}, exitUsage, `unknown level "bogus"`},
	}
	for _, tc := range tests {
		r := mustRun(t, tc.code, nil, tc.args...)
		if !strings.HasPrefix(r.stderr, "samestory eval: ") || !strings.Contains(r.stderr, tc.has) {
			t.Errorf("%q: stderr does not start \"samestory eval: \" or lacks %q:\n%s", tc.args[1:], tc.has, r.stderr)
		}
		if n := strings.Count(r.stderr, "eval:"); n != 1 {
			t.Errorf("%q: stderr holds \"eval:\" %d times, want once:\n%s", tc.args[1:], n, r.stderr)
		}
	}
	r := mustRun(t, exitFail, nil, "eval", cutZst, f.clusterGold)
	if !strings.Contains(r.stderr, "zstd") {
		t.Errorf("cut zstd OUTPUT: stderr does not name zstd:\n%s", r.stderr)
	}
}

// TestEvalHelp checks the help: no stray backquotes (pflag takes a
// backquoted word in a usage string as the flag's value name), and the
// compressed inputs named.
func TestEvalHelp(t *testing.T) {
	r := mustRun(t, exitOK, nil, "eval", "--help")
	if strings.Contains(r.stdout, "`") {
		t.Errorf("help holds a backquote:\n%s", r.stdout)
	}
	for _, want := range []string{"--level string", "plain, gzip or zstd"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	f := newEvalFiles(t)
	for _, args := range [][]string{{"eval"}, {"eval", f.out}, {"eval", f.out, f.clusterGold, f.pairGold}} {
		r := mustRun(t, exitUsage, nil, args...)
		if !strings.Contains(r.stderr, "OUTPUT and GOLD") {
			t.Errorf("%d args: stderr:\n%s", len(args)-1, r.stderr)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing.jsonl")
	for _, args := range [][]string{{"eval", missing, f.clusterGold}, {"eval", f.out, missing}} {
		r := mustRun(t, exitFail, nil, args...)
		if !strings.Contains(r.stderr, "missing.jsonl") {
			t.Errorf("%q: stderr does not name the missing file:\n%s", args, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%q: stdout = %q, want empty", args, r.stdout)
		}
	}
	r := mustRun(t, exitUsage, nil, "eval", "--level", "bogus", f.out, f.clusterGold)
	if !strings.Contains(r.stderr, "bogus") {
		t.Errorf("--level bogus: stderr:\n%s", r.stderr)
	}
}
