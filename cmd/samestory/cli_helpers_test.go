package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedsDir holds the five Arabic seed articles: 001, 002 and 003 are one
// story (001 its canonical); 000 and 004 are stories of their own.
const seedsDir = "../../testdata/seeds"

// Seed article ids (file names without .txt).
const (
	seed000 = "000_c1a556307867962f"
	seed001 = "001_3b03d875269a3deb"
	seed002 = "002_397a5b6dceea92fb"
	seed003 = "003_cf6fa2405558f434"
	seed004 = "004_7093d1c00bdbd781"
)

var seedIDs = []string{seed000, seed001, seed002, seed003, seed004}

// result is what one in-process run of the command printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI calls run with args, stdin (nil: empty) and fresh buffers.
func runCLI(t *testing.T, stdin io.Reader, args ...string) result {
	t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	code := run(args, stdin, &out, &errb)
	if strings.Contains(errb.String(), "goroutine ") || strings.Contains(errb.String(), "panic:") {
		t.Fatalf("run %q: stderr holds a stack trace:\n%s", args, errb.String())
	}
	return result{code, out.String(), errb.String()}
}

// want checks the exit code and prints the whole run when it is wrong.
func (r result) want(t *testing.T, code int, args ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("run %q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, r.code, code, r.stdout, r.stderr)
	}
}

// mustRun runs the command and fails the test unless it exits with code.
func mustRun(t *testing.T, code int, stdin io.Reader, args ...string) result {
	t.Helper()
	r := runCLI(t, stdin, args...)
	r.want(t, code, args...)
	return r
}

// annotation is the "samestory" object of an output record.
type annotation struct {
	ID          *string  `json:"id"`
	Story       *string  `json:"story"`
	StorySize   *int     `json:"story_size"`
	Canonical   *bool    `json:"canonical"`
	DuplicateOf *string  `json:"duplicate_of"`
	Similarity  *float64 `json:"similarity"`
	SimilarTo   *string  `json:"similar_to"`
	Reason      string   `json:"reason"`
	Skipped     string   `json:"skipped"`
}

// outRecord is one parsed output line.
type outRecord struct {
	line   string                     // the line, without its line break
	fields map[string]json.RawMessage // top-level members
	ss     annotation
}

// parseOutput splits JSON Lines output into records, checking that every
// line ends with a line break, is a JSON object and has a complete
// "samestory" object.
func parseOutput(t *testing.T, out string) []outRecord {
	t.Helper()
	if out == "" {
		return nil
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a line break: %q", tail(out))
	}
	var recs []outRecord
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		r := outRecord{line: line}
		if err := json.Unmarshal([]byte(line), &r.fields); err != nil {
			t.Fatalf("output line %d is not a JSON object: %v\n%s", i+1, err, line)
		}
		raw, ok := r.fields["samestory"]
		if !ok {
			t.Fatalf("output line %d has no \"samestory\" member: %s", i+1, line)
		}
		if err := json.Unmarshal(raw, &r.ss); err != nil {
			t.Fatalf("output line %d: samestory: %v", i+1, err)
		}
		a := r.ss
		if a.ID == nil || a.Story == nil || a.StorySize == nil || a.Canonical == nil || a.Similarity == nil || a.SimilarTo == nil {
			t.Fatalf("output line %d: samestory lacks one of id, story, story_size, canonical, similarity, similar_to: %s", i+1, raw)
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(raw, &m)
		if _, ok := m["duplicate_of"]; !ok {
			t.Fatalf("output line %d: samestory has no duplicate_of (want a string or null): %s", i+1, raw)
		}
		if *a.Similarity < 0 || *a.Similarity > 1 {
			t.Errorf("output line %d: similarity %v outside [0, 1]", i+1, *a.Similarity)
		}
		recs = append(recs, r)
	}
	return recs
}

// ids returns the samestory ids of records, in order.
func ids(recs []outRecord) []string {
	var s []string
	for _, r := range recs {
		s = append(s, *r.ss.ID)
	}
	return s
}

// str decodes a string member of a record ("" when absent).
func (r outRecord) str(t *testing.T, key string) string {
	t.Helper()
	raw, ok := r.fields[key]
	if !ok {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("member %q of %s: %v", key, r.line, err)
	}
	return s
}

func tail(s string) string {
	if len(s) > 80 {
		return "…" + s[len(s)-80:]
	}
	return s
}

// lines splits text into lines without the final empty one.
func lines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// writeFile writes data to name in dir and returns its path.
func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// writeGzip writes data gzip-compressed to name in dir and returns its path.
func writeGzip(t *testing.T, dir, name, data string) string {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(data)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, dir, name, b.String())
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// summary returns the last line of stderr, failing unless it is the
// closing summary of cmd.
func summary(t *testing.T, cmd, stderr string) string {
	t.Helper()
	ls := lines(stderr)
	if len(ls) == 0 {
		t.Fatalf("stderr is empty, want a summary line")
	}
	last := ls[len(ls)-1]
	if !strings.HasPrefix(last, "samestory "+cmd+": read ") {
		t.Fatalf("last stderr line is not the %s summary: %q\nstderr:\n%s", cmd, last, stderr)
	}
	n := 0
	for _, l := range ls {
		if strings.HasPrefix(l, "samestory "+cmd+": read ") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("stderr holds %d summary lines, want 1:\n%s", n, stderr)
	}
	return last
}
