package samestory

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runSpill clusters inputs as runJob does, keeping features on disk from
// spillDocs articles on, in dir.
func runSpill(t *testing.T, cfg Config, spillDocs int, dir string, inputs ...string) []byte {
	t.Helper()
	cfg.Read.TempDir = dir
	job, err := NewJob(cfg, inputs, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	job.spillDocs = spillDocs
	var out bytes.Buffer
	if _, err := job.Run(context.Background(), &out, All); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// Keeping features on disk while grouping changes nothing in the output,
// and leaves no file behind.
func TestRunSpill(t *testing.T) {
	inputs := []string{"testdata/seeds"}
	snn := filepath.Join(sharedData, "saudinewsnet", "articles.jsonl.gz")
	if _, err := os.Stat(snn); err == nil && !testing.Short() {
		inputs = append(inputs, snn)
	}
	cfg := DefaultConfig()
	cfg.Workers = 2
	want := runSpill(t, cfg, 1<<30, t.TempDir(), inputs...)
	for _, from := range []int{1, 1000} {
		dir := t.TempDir()
		got := runSpill(t, cfg, from, dir, inputs...)
		if !bytes.Equal(got, want) {
			t.Errorf("spilling from %d articles on changes the output", from)
		}
		if left, _ := os.ReadDir(dir); len(left) > 0 {
			t.Errorf("files left behind: %v", left)
		}
	}
}

// OnStage hears every stage, in order.
func TestOnStage(t *testing.T) {
	job, err := NewJob(DefaultConfig(), []string{"testdata/seeds"}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	var stages []string
	job.OnStage = func(s string) { stages = append(stages, s) }
	if _, err := job.Run(context.Background(), new(bytes.Buffer), All); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(stages, " "), "reading grouping writing done"; got != want {
		t.Errorf("stages %q, want %q", got, want)
	}
}

// After a Run that let the features go, Explain says so rather than
// answer from features that are gone; below the threshold it answers.
func TestExplainAfterRun(t *testing.T) {
	for _, spillDocs := range []int{1, 1 << 30} {
		job, err := NewJob(DefaultConfig(), []string{"testdata/seeds"}, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		job.spillDocs = spillDocs
		job.cfg.Read.TempDir = t.TempDir()
		if _, err := job.Run(context.Background(), &bytes.Buffer{}, All); err != nil {
			t.Fatal(err)
		}
		id := job.docs[0].ID
		_, err = job.Explain(context.Background(), [][2]string{{id, id}})
		if dropped := spillDocs == 1; dropped != (err != nil) {
			t.Errorf("spilling from %d articles: Explain after Run: %v", spillDocs, err)
		}
		job.Close()
	}
}
