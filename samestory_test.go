package samestory

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unsafe"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// runJob clusters inputs with cfg and returns the output and summary.
func runJob(t *testing.T, cfg Config, inputs ...string) ([]byte, Summary) {
	t.Helper()
	job, err := NewJob(cfg, inputs, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	var out bytes.Buffer
	sum, err := job.Run(context.Background(), &out, All)
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), sum
}

// record is the part of an output record the tests look at.
type record struct {
	ID        string `json:"id"`
	Samestory struct {
		ID          string  `json:"id"`
		Story       string  `json:"story"`
		Canonical   bool    `json:"canonical"`
		DuplicateOf *string `json:"duplicate_of"`
		Similarity  float64 `json:"similarity"`
		Reason      string  `json:"reason"`
	} `json:"samestory"`
}

func parseOutput(t *testing.T, out []byte) []record {
	t.Helper()
	var recs []record
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("output line is not JSON: %v: %.200s", err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// The seed example: three articles on Putin's Minsk visit form one story
// with the fullest (001) as canonical; the two others are stories of
// their own; 002 and 003 are the closest pair.
func TestSeeds(t *testing.T) {
	out, sum := runJob(t, DefaultConfig(), "testdata/seeds")
	recs := parseOutput(t, out)
	if len(recs) != 5 || sum.Read != 5 || sum.Written != 5 {
		t.Fatalf("got %d records (read %d, wrote %d), want 5", len(recs), sum.Read, sum.Written)
	}
	story := map[string]string{}
	for _, r := range recs {
		story[r.ID[:3]] = r.Samestory.Story
	}
	minsk := story["001"]
	if story["002"] != minsk || story["003"] != minsk {
		t.Errorf("001, 002, 003 not in one story: %v", story)
	}
	if story["000"] == minsk || story["004"] == minsk || story["000"] == story["004"] {
		t.Errorf("000 and 004 should be stories of their own: %v", story)
	}
	if sum.Stories != 3 || sum.Largest != 3 || sum.DupGroups != 1 || sum.Copies != 1 || sum.Skipped != 0 {
		t.Errorf("summary: %d stories (largest %d), %d groups (%d copies), %d skipped; want 3 (3), 1 (1), 0",
			sum.Stories, sum.Largest, sum.DupGroups, sum.Copies, sum.Skipped)
	}
	if c := sum.Cluster; sum.Stories != c.Stories || sum.DupGroups != c.DupGroups || sum.Skipped != c.Skipped {
		t.Errorf("summary %d stories, %d groups, %d skipped; grouping %d, %d, %d",
			sum.Stories, sum.DupGroups, sum.Skipped, c.Stories, c.DupGroups, c.Skipped)
	}
	for _, r := range recs {
		if r.ID[:3] == "001" {
			if !r.Samestory.Canonical || minsk != r.ID {
				t.Errorf("001 is not the canonical of the Minsk story: %+v", r.Samestory)
			}
			if !strings.Contains(r.Samestory.Reason, "fullest") {
				t.Errorf("canonical reason %q does not say fullest", r.Samestory.Reason)
			}
		}
	}

	// 002 and 003 are more similar to each other than any other pair.
	job, err := NewJob(DefaultConfig(), []string{"testdata/seeds"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	var ids []string
	for _, r := range recs {
		ids = append(ids, r.ID)
	}
	var pairs [][2]string
	for i := range ids {
		for k := i + 1; k < len(ids); k++ {
			pairs = append(pairs, [2]string{ids[i], ids[k]})
		}
	}
	ev, err := job.Explain(context.Background(), pairs)
	if err != nil {
		t.Fatal(err)
	}
	best := ev[0]
	for _, e := range ev {
		if e.Story > best.Story {
			best = e
		}
	}
	if got := best.A[:3] + "-" + best.B[:3]; got != "002-003" {
		t.Errorf("closest pair is %s (%.3f), want 002-003; all: %+v", got, best.Story, ev)
	}
}

// Output must not depend on the number of workers, nor on the order in
// which a folder's files were created.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	seeds, _ := filepath.Glob("testdata/seeds/*.txt")
	for i := len(seeds) - 1; i >= 0; i-- { // create in reverse order
		b, err := os.ReadFile(seeds[i])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(seeds[i])), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := DefaultConfig()
	cfg.Workers = 1
	one, _ := runJob(t, cfg, "testdata/seeds")
	cfg.Workers = 4
	four, _ := runJob(t, cfg, dir)
	// The file paths differ; everything else must not.
	four = bytes.ReplaceAll(four, []byte(filepath.ToSlash(dir)), []byte("testdata/seeds"))
	if !bytes.Equal(one, four) {
		t.Errorf("output differs between 1 and 4 workers / file creation order")
	}
}

// The golden output of the seed example; go test -update rewrites it.
func TestGoldenSeeds(t *testing.T) {
	out, _ := runJob(t, DefaultConfig(), "testdata/seeds")
	golden := filepath.Join("testdata", "golden", "seeds.jsonl")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(out, want) {
		t.Errorf("output differs from %s; run go test -update after checking the change", golden)
	}
}

// slowWriter takes at least delay over the first write.
type slowWriter struct {
	delay time.Duration
	slept bool
}

func (w *slowWriter) Write(p []byte) (int, error) {
	if !w.slept {
		time.Sleep(w.delay)
		w.slept = true
	}
	return len(p), nil
}

// The summary's Elapsed counts the writing too.
func TestElapsedCountsWriting(t *testing.T) {
	job, err := NewJob(DefaultConfig(), []string{"testdata/seeds"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	const delay = 200 * time.Millisecond
	sum, err := job.Run(context.Background(), &slowWriter{delay: delay}, All)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Elapsed < delay {
		t.Errorf("Elapsed %v, less than the %v writing took", sum.Elapsed, delay)
	}
}

// The documents of a chunk share one string of ids, and a source read
// twice is one string: documents keep both to the end of the run, and
// each object they hold is one more for the garbage collector to visit.
func TestPackedStrings(t *testing.T) {
	dir := t.TempDir()
	var in strings.Builder
	for i := range 50 {
		fmt.Fprintf(&in, `{"id":"doc-%02d","source":"%s","text":"text number %d"}`+"\n", i, []string{"Al Riyadh", "Okaz"}[i%2], i)
	}
	path := filepath.Join(dir, "a.jsonl")
	if err := os.WriteFile(path, []byte(in.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	job, err := NewJob(DefaultConfig(), []string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	res, err := job.Group(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	docs := res.Docs
	if len(docs) != 50 {
		t.Fatalf("%d documents, want 50", len(docs))
	}
	sources := map[*byte]string{}
	for i, d := range docs {
		if want := fmt.Sprintf("doc-%02d", i); d.ID != want {
			t.Fatalf("document %d: id %q, want %q", i, d.ID, want)
		}
		if i > 0 {
			prev := docs[i-1].ID
			if unsafe.StringData(d.ID) != (*byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(prev)), len(prev))) {
				t.Errorf("ids %q and %q do not follow each other in one string", prev, d.ID)
			}
		}
		sources[unsafe.StringData(d.Source)] = d.Source
	}
	if len(sources) != 2 {
		t.Errorf("%d strings for 2 sources: %v", len(sources), sources)
	}
}
