package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// evalFiles writes the seeds' cluster output (plain and gzip) and gold
// files to a temporary folder.
type evalFiles struct {
	out, outGz, clusterGold, pairGold, wrongGold string
}

func newEvalFiles(t *testing.T) evalFiles {
	t.Helper()
	dir := t.TempDir()
	var f evalFiles
	f.out = filepath.Join(dir, "out.jsonl")
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", f.out, seedsDir)
	f.outGz = writeGzip(t, dir, "out.jsonl.gz", readFile(t, f.out))
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

func TestEvalGzipOutput(t *testing.T) {
	f := newEvalFiles(t)
	for _, gold := range []string{f.clusterGold, f.pairGold} {
		plain := mustRun(t, exitOK, nil, "eval", f.out, gold)
		gz := mustRun(t, exitOK, nil, "eval", f.outGz, gold)
		if gz.stdout != plain.stdout {
			t.Errorf("%s: gzip OUTPUT scores differently:\n%s\n----\n%s", filepath.Base(gold), gz.stdout, plain.stdout)
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
