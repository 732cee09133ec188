package article

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// rec is a copy of a Record that outlives the callback.
type rec struct {
	Seq     int
	Pos     Pos
	Raw     string
	RawNil  bool
	Article Article
	Err     error
}

// problem is one call of Options.OnProblem.
type problem struct {
	Pos Pos
	Err error
}

func copyRec(r *Record) rec {
	return rec{Seq: r.Seq, Pos: r.Pos, Raw: string(r.Raw), RawNil: r.Raw == nil, Article: r.Article, Err: r.Err}
}

// each runs one pass of r and returns copies of the records.
func each(r *Reader, parse bool) ([]rec, error) {
	var out []rec
	err := r.Each(parse, func(r *Record) error {
		out = append(out, copyRec(r))
		return nil
	})
	return out, err
}

// readAll makes a Reader for inputs and runs one pass. With keepProblems,
// problems are collected (and reading goes on); otherwise OnProblem is
// left as opts has it.
func readAll(t *testing.T, inputs []string, stdin io.Reader, opts Options, parse, keepProblems bool) ([]rec, []problem, error) {
	t.Helper()
	var probs []problem
	if keepProblems {
		opts.OnProblem = func(pos Pos, err error) error {
			probs = append(probs, problem{pos, err})
			return nil
		}
	}
	if opts.TempDir == "" {
		opts.TempDir = t.TempDir()
	}
	r, err := NewReader(inputs, stdin, opts)
	if err != nil {
		t.Fatalf("NewReader(%q): %v", inputs, err)
	}
	defer r.Close()
	recs, err := each(r, parse)
	return recs, probs, err
}

// writeFile writes data to dir/name (creating folders) and returns the path.
func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zstdBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// parseLine reads one JSON Lines record with parsing and returns it.
func parseLine(t *testing.T, line string, opts Options) rec {
	t.Helper()
	p := writeFile(t, t.TempDir(), "one.jsonl", []byte(line+"\n"))
	recs, probs, err := readAll(t, []string{p}, nil, opts, true, true)
	if err != nil {
		t.Fatalf("Each: %v", err)
	}
	if len(probs) != 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	if len(recs) != 1 {
		t.Fatalf("got %d records for one line, want 1", len(recs))
	}
	return recs[0]
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// containsAll reports the first of subs that s lacks, or "".
func containsAll(s string, subs ...string) string {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return sub
		}
	}
	return ""
}
