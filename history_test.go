package samestory

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samestory/samestory/cluster"
)

// seedBatch copies the named seed articles into a folder of their own.
func seedBatch(t *testing.T, names ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", "seeds", n+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n+".txt"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// historyOf turns a result into the history of a later run, passing the
// corpus statistics through their saved form.
func historyOf(t *testing.T, r *Result) *History {
	t.Helper()
	b, err := r.Corpus.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var c Corpus
	if err := c.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	h := &History{Corpus: &c}
	for i, d := range r.Docs {
		enc := cluster.AppendDoc(nil, &d)
		d2, err := cluster.ReadDoc(enc)
		if err != nil {
			t.Fatal(err)
		}
		h.Docs = append(h.Docs, d2)
		h.Stories = append(h.Stories, int32(r.Assign[i].Story))
	}
	return h
}

// The seeds in two batches, the second grouped with the history of the
// first, give the stories of one run over all five; the second run
// writes only its own records; a batch read again is rejected as
// already indexed.
func TestHistoryTwoBatches(t *testing.T) {
	ids := []string{"000_c1a556307867962f", "001_3b03d875269a3deb", "002_397a5b6dceea92fb", "003_cf6fa2405558f434", "004_7093d1c00bdbd781"}
	// 000 and 001 alone in a batch would be one story, kept whole later:
	// among two articles every shared word is rare. Batches of one and
	// four.
	first := seedBatch(t, ids[1])
	second := seedBatch(t, ids[0], ids[2], ids[3], ids[4])

	cfg := DefaultConfig()
	cfg.Incremental = true
	j1, err := NewJob(cfg, []string{first}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer j1.Close()
	r1, err := j1.Group(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r1.New != 0 || len(r1.Docs) != 1 {
		t.Fatalf("first run: New %d, %d docs", r1.New, len(r1.Docs))
	}

	j2, err := NewJob(cfg, []string{second}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	if err := j2.SetHistory(historyOf(t, r1)); err != nil {
		t.Fatal(err)
	}
	r2, err := j2.Group(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if r2.New != 1 || len(r2.Docs) != 5 {
		t.Fatalf("second run: New %d, %d docs", r2.New, len(r2.Docs))
	}
	story := map[string]string{}
	for i, d := range r2.Docs {
		story[d.ID] = r2.Docs[r2.Assign[i].Story].ID
	}
	if story[ids[2]] != ids[1] || story[ids[3]] != ids[1] || story[ids[1]] != ids[1] {
		t.Errorf("Minsk story: %v", story)
	}
	if story[ids[0]] == ids[1] || story[ids[4]] == ids[1] || story[ids[0]] == story[ids[4]] {
		t.Errorf("other stories: %v", story)
	}
	storyIDs := make([]string, len(r2.Docs))
	for i := range storyIDs {
		storyIDs[i] = "s-" + r2.Docs[r2.Assign[i].Story].ID
	}
	if err := j2.SetStoryIDs(storyIDs); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sum, err := j2.Write(context.Background(), &out, All)
	if err != nil {
		t.Fatal(err)
	}
	recs := parseOutput(t, out.Bytes())
	if sum.Read != 4 || sum.Written != 4 || len(recs) != 4 {
		t.Fatalf("second run read %d, wrote %d (%d records)", sum.Read, sum.Written, len(recs))
	}
	// The summary counts what this run wrote: 000, 002, 003 and 004 lie
	// in three stories, the Minsk one of three articles with 001 from the
	// history, and 003 is a copy of 002.
	if sum.Stories != 3 || sum.Largest != 3 || sum.Copies != 1 || sum.DupGroups != 1 || sum.Skipped != 0 {
		t.Errorf("second run summary: %d stories (largest %d), %d groups (%d copies), %d skipped; want 3 (3), 1 (1), 0",
			sum.Stories, sum.Largest, sum.DupGroups, sum.Copies, sum.Skipped)
	}
	for _, r := range recs {
		if !strings.HasPrefix(r.Samestory.Story, "s-") {
			t.Errorf("%s: story %q, not the id set", r.ID, r.Samestory.Story)
		}
	}

	// The first batch again, against the history of the second run.
	j3, err := NewJob(cfg, []string{first}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer j3.Close()
	if err := j3.SetHistory(historyOf(t, r2)); err != nil {
		t.Fatal(err)
	}
	var problems []Problem
	j3.OnProblem = func(p Problem) { problems = append(problems, p) }
	out.Reset()
	sum, err = j3.Run(context.Background(), &out, All)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 1 || sum.Rejected != 1 || sum.Written != 0 || sum.Reasons["already indexed"] != 1 {
		t.Errorf("rerun: %+v", sum)
	}
	// Nothing written, so no story, group or copy to count, though the
	// history was grouped again.
	if sum.Stories != 0 || sum.Largest != 0 || sum.DupGroups != 0 || sum.Copies != 0 || sum.Skipped != 0 {
		t.Errorf("rerun summary: %d stories (largest %d), %d groups (%d copies), %d skipped; want none",
			sum.Stories, sum.Largest, sum.DupGroups, sum.Copies, sum.Skipped)
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Err.Error(), "already indexed") {
		t.Errorf("rerun problems: %v", problems)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"abc", 0, "abc"},
		{"abc", 5, "abc"},
		{"abcdef", 4, "abcd"},
		{"ab cdefgh", 8, "ab cdefg"}, // the space is not in the last quarter
		{"abcdef gh", 8, "abcdef"},
		{"سلام", 3, "س"}, // never inside a character
	} {
		if got := clip(c.in, c.max); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
}

func TestCountTable(t *testing.T) {
	ct := newCountTable()
	want := map[uint32]int32{}
	for i := range 20000 {
		k := uint32(i*7919) % 5003 // repeats, and 0
		ct.add(k, 2)
		want[k] += 2
	}
	for k, v := range want {
		if got := ct.get(k); got != v {
			t.Fatalf("get(%d) = %d, want %d", k, got, v)
		}
	}
	if ct.get(99999) != 0 {
		t.Error("absent key counted")
	}
	n := 0
	ct.each(func(k uint32, v int32) {
		n++
		if want[k] != v {
			t.Errorf("each: %d → %d, want %d", k, v, want[k])
		}
	})
	if n != len(want) {
		t.Errorf("each visited %d keys, want %d", n, len(want))
	}
}
