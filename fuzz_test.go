package samestory

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzPipeline runs the whole pipeline on small inputs: a folder holding a
// JSON Lines file (jsonl) and a .txt article (txt), each arbitrary bytes.
// The run must not panic nor fail; read = written + rejected; every
// rejected record is told as a problem; the output holds one line per
// written record, each a JSON object ending with the samestory member, ids
// unique; and the output does not depend on the number of workers. Seeds:
// the files of testdata/bad and testdata/seeds.
func FuzzPipeline(f *testing.F) {
	var jsonls, txts [][]byte
	for _, dir := range []string{"testdata/bad", "testdata/seeds"} {
		err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".py") || strings.HasSuffix(p, "expect.json") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) > 64<<10 {
				return err
			}
			if strings.HasSuffix(p, ".txt") {
				txts = append(txts, b)
			} else {
				jsonls = append(jsonls, b)
			}
			return nil
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	if len(jsonls) < 15 || len(txts) < 5 {
		f.Fatalf("seeds: %d JSON Lines files, %d .txt files", len(jsonls), len(txts))
	}
	for i, j := range jsonls {
		f.Add(j, txts[i%len(txts)])
	}
	for _, t := range txts {
		f.Add([]byte(nil), t)
	}

	base := DefaultConfig() // once: it integrates the LSH S-curve
	base.CommonBits = 10    // a small sketch: small inputs, many runs
	dir := f.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, jsonl, txt []byte) {
		if err := os.WriteFile(filepath.Join(in, "a.jsonl"), jsonl, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, "b.txt"), txt, 0o644); err != nil {
			t.Fatal(err)
		}
		var outs [2][]byte
		for k, workers := range []int{1, 3} {
			cfg := base
			cfg.Workers = workers
			job, err := NewJob(cfg, []string{in}, nil)
			if err != nil {
				t.Fatal(err)
			}
			rejected := 0
			job.OnProblem = func(p Problem) {
				if p.Err == nil {
					t.Errorf("%v: a problem without an error", p.Pos)
				}
				if p.Kind == Rejected {
					rejected++
				}
			}
			var out bytes.Buffer
			sum, err := job.Run(context.Background(), &out, All)
			job.Close()
			if err != nil {
				t.Fatalf("workers %d: Run: %v", workers, err)
			}
			if sum.Read != sum.Written+sum.Rejected {
				t.Fatalf("workers %d: read %d != written %d + rejected %d", workers, sum.Read, sum.Written, sum.Rejected)
			}
			if rejected != sum.Rejected {
				t.Errorf("workers %d: %d rejections told, summary says %d", workers, rejected, sum.Rejected)
			}
			checkPipelineOutput(t, out.Bytes(), sum.Written)
			outs[k] = out.Bytes()
		}
		if !bytes.Equal(outs[0], outs[1]) {
			t.Fatalf("output differs between 1 and 3 workers:\n%s\n----\n%s", outs[0], outs[1])
		}
	})
}

// checkPipelineOutput checks that out holds written lines, each a JSON
// object whose last member is a samestory object with a unique id.
func checkPipelineOutput(t *testing.T, out []byte, written int) {
	t.Helper()
	if written == 0 {
		if len(out) != 0 {
			t.Fatalf("nothing written, yet output %q", out)
		}
		return
	}
	if !bytes.HasSuffix(out, []byte("\n")) {
		t.Fatalf("output does not end with a line break")
	}
	ls := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	if len(ls) != written {
		t.Fatalf("%d output lines for %d written", len(ls), written)
	}
	seen := map[string]bool{}
	for i, l := range ls {
		if !json.Valid(l) {
			t.Fatalf("output line %d is not JSON: %q", i+1, l)
		}
		k := bytes.LastIndex(l, []byte(`"samestory":{"id":`))
		if k < 0 || !bytes.HasSuffix(l, []byte("}}")) {
			t.Fatalf("output line %d does not end with the samestory member: %q", i+1, l)
		}
		var ann struct {
			ID    *string `json:"id"`
			Story *string `json:"story"`
		}
		if err := json.Unmarshal(l[k+len(`"samestory":`):len(l)-1], &ann); err != nil || ann.ID == nil || ann.Story == nil {
			t.Fatalf("output line %d: samestory member %q: %v", i+1, l[k:], err)
		}
		if seen[*ann.ID] {
			t.Fatalf("output line %d: id %q written twice", i+1, *ann.ID)
		}
		seen[*ann.ID] = true
	}
}
