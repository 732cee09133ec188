package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samestory/samestory/index"
)

// text returns an article of some 150 words drawn from a vocabulary of
// its own, which no other seed shares: articles of different seeds have
// nothing in common.
func vocabText(seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 42))
	vocab := make([]string, 60)
	for i := range vocab {
		b := make([]byte, 5+rng.IntN(5))
		for k := range b {
			b[k] = byte('a' + rng.IntN(26))
		}
		vocab[i] = string(b)
	}
	ws := make([]string, 150)
	for i := range ws {
		ws[i] = vocab[rng.IntN(len(vocab))]
	}
	return strings.Join(ws, " ")
}

// record returns an article as a JSON Lines record: its text is that of
// the seeds given, one after the other.
func indexRecord(t *testing.T, id string, seeds ...uint64) string {
	t.Helper()
	var texts []string
	for _, s := range seeds {
		texts = append(texts, vocabText(s))
	}
	body := strings.Join(texts, "\n\n")
	b, err := json.Marshal(map[string]string{"id": id, "title": strings.Join(strings.Fields(body)[:5], " "), "text": body})
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// exported is "index export" parsed: article id → its record.
func exported(t *testing.T, dir string) map[string]exportInfo {
	t.Helper()
	r := mustRun(t, 0, nil, "index", "export", dir)
	m := make(map[string]exportInfo)
	for _, l := range lines(r.stdout) {
		var rec exportRecord
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("export line %q: %v", l, err)
		}
		if rec.ID != rec.Samestory.ID {
			t.Fatalf("export line %q: two ids", l)
		}
		if _, dup := m[rec.ID]; dup {
			t.Fatalf("export holds %q twice", rec.ID)
		}
		m[rec.ID] = rec.Samestory
	}
	return m
}

// partition returns the stories of assignments as sorted lists of ids,
// sorted.
func storyPartition(storyOf map[string]string) [][]string {
	byStory := make(map[string][]string)
	for id, s := range storyOf {
		byStory[s] = append(byStory[s], id)
	}
	var p [][]string
	for _, ids := range byStory {
		slices.Sort(ids)
		p = append(p, ids)
	}
	slices.SortFunc(p, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return p
}

// TestIndexBatches: three unrelated articles, then copies of two of
// them, indexed one after the other, end in the stories of one run over
// all; story ids are stable; the second batch's records carry the ids of
// the first's stories; rerunning a batch adds nothing.
func TestIndexBatches(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	b1 := writeFile(t, dir, "b1.jsonl", indexRecord(t, "a", 1)+indexRecord(t, "b", 2)+indexRecord(t, "c", 3))
	b2 := writeFile(t, dir, "b2.jsonl", indexRecord(t, "b-copy", 2)+indexRecord(t, "c-copy", 3))

	r := mustRun(t, 0, nil, "cluster", "--index", ix, b1)
	first := make(map[string]string)
	for _, rec := range parseOutput(t, r.stdout) {
		first[*rec.ss.ID] = *rec.ss.Story
	}
	if want := map[string]string{"a": "s1", "b": "s2", "c": "s3"}; !maps.Equal(first, want) {
		t.Fatalf("batch 1 stories %v, want %v", first, want)
	}
	if !strings.Contains(r.stderr, "index "+ix+": added 3 articles, 3 new stories, 0 merges") {
		t.Errorf("stderr lacks the index account:\n%s", r.stderr)
	}

	r = mustRun(t, 0, nil, "cluster", "--index", ix, b2)
	for _, rec := range parseOutput(t, r.stdout) {
		want := map[string]string{"b-copy": "s2", "c-copy": "s3"}[*rec.ss.ID]
		if *rec.ss.Story != want {
			t.Errorf("batch 2: %s in story %s, want %s (the story of its original)", *rec.ss.ID, *rec.ss.Story, want)
		}
	}
	exp := exported(t, ix)
	storyOf := make(map[string]string)
	for id, e := range exp {
		storyOf[id] = e.Story
	}
	for id, s := range first {
		if storyOf[id] != s {
			t.Errorf("%s: story %s after batch 2, %s before", id, storyOf[id], s)
		}
	}
	// One run over all five.
	single := make(map[string]string)
	for _, rec := range parseOutput(t, mustRun(t, 0, nil, "cluster", b1, b2).stdout) {
		single[*rec.ss.ID] = *rec.ss.Story
	}
	if p, q := storyPartition(storyOf), storyPartition(single); !slices.EqualFunc(p, q, slices.Equal) {
		t.Errorf("stories indexed in two batches %v, in one run %v", p, q)
	}
	if e := exp["b-copy"]; e.Canonical || e.StorySize != 2 || e.DuplicateOf == nil || *e.DuplicateOf != "b" || e.StoryCanonical != "b" {
		t.Errorf("b-copy exported as %+v", e)
	}

	// A batch run again: nothing new, nothing written, the index as it was.
	r = mustRun(t, 0, nil, "cluster", "--index", ix, b2)
	if r.stdout != "" {
		t.Errorf("rerun wrote\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "rejected 2 (2 already indexed)") || !strings.Contains(r.stderr, "nothing new (2 already indexed); unchanged") {
		t.Errorf("rerun stderr:\n%s", r.stderr)
	}
	if again := exported(t, ix); !reflect.DeepEqual(again, exp) {
		t.Errorf("export changed by a rerun")
	}

	st := mustRun(t, 0, nil, "index", "stats", ix).stdout
	for _, want := range []string{"articles  5\n", "stories   3 (largest 2)\n", "runs      2\n", "--signature-size 128\n", "samestory.db"} {
		if !strings.Contains(st, want) {
			t.Errorf("index stats lacks %q:\n%s", want, st)
		}
	}
	var js struct {
		Articles, Stories, Runs int
		Settings                map[string]string
	}
	if err := json.Unmarshal([]byte(mustRun(t, 0, nil, "index", "stats", "--json", ix).stdout), &js); err != nil {
		t.Fatal(err)
	}
	if js.Articles != 5 || js.Stories != 3 || js.Runs != 2 || js.Settings["shingle"] != "word:3" {
		t.Errorf("index stats --json: %+v", js)
	}
	if r := mustRun(t, 0, nil, "index", "check", ix); !strings.Contains(r.stdout, "is consistent: 5 articles in 3 stories") {
		t.Errorf("index check: %q", r.stdout)
	}
}

// TestIndexMerge: an article made of two earlier stories' texts merges
// them; the older story keeps its id, and --emit-changes reports the
// merge and the new canonical.
func TestIndexMerge(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	b1 := writeFile(t, dir, "b1.jsonl", indexRecord(t, "a", 1)+indexRecord(t, "b", 2)+indexRecord(t, "b2", 2)+indexRecord(t, "c", 3))
	b2 := writeFile(t, dir, "b2.jsonl", indexRecord(t, "both", 1, 3))
	mustRun(t, 0, nil, "cluster", "--index", ix, b1)
	before := exported(t, ix)
	if before["a"].Story != "s1" || before["b"].Story != "s2" || before["b2"].Story != "s2" || before["c"].Story != "s3" {
		t.Fatalf("batch 1: %v", before)
	}

	r := mustRun(t, 0, nil, "cluster", "--index", ix, "--emit-changes", b2)
	ls := lines(r.stdout)
	if len(ls) != 3 {
		t.Fatalf("want the new record and 2 changes, have\n%s", r.stdout)
	}
	var rec struct{ Samestory changeInfo }
	json.Unmarshal([]byte(ls[0]), &rec)
	if rec.Samestory.ID != "both" || rec.Samestory.Story != "s1" {
		t.Errorf("new record %s: want story s1", ls[0])
	}
	var changes []changeInfo
	for _, l := range ls[1:] {
		var c changeRecord
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			t.Fatalf("change %q: %v", l, err)
		}
		changes = append(changes, c.Samestory)
	}
	both := "both"
	want := []changeInfo{
		{ID: "a", Change: "canonical", Story: "s1", PreviousStory: "s1", StorySize: 3,
			StoryCanonical: "both", PreviousStoryCanonical: "a", DuplicateOf: &both},
		{ID: "c", Change: "merged", Story: "s1", PreviousStory: "s3", MergedFrom: []string{"s3"}, StorySize: 3,
			StoryCanonical: "both", PreviousStoryCanonical: "c", DuplicateOf: &both},
	}
	if !reflect.DeepEqual(changes, want) {
		t.Errorf("changes\n%s\nwant\n%+v", ls[1:], want)
	}
	if !strings.Contains(r.stderr, "added 1 articles, 0 new stories, 1 merges, 1 canonical changes (2 earlier articles changed); now 5 articles in 2 stories") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	after := exported(t, ix)
	// Ids of earlier articles change only through the merges reported.
	for id, b := range before {
		if a := after[id]; a.Story != b.Story && !(id == "c" && a.Story == "s1") {
			t.Errorf("%s moved from %s to %s unreported", id, b.Story, a.Story)
		}
	}
	if s, _ := json.Marshal(after["b"]); after["b"].Story != "s2" || after["b"].StoryCanonical != before["b"].StoryCanonical {
		t.Errorf("untouched story changed: %s", s)
	}
}

// TestIndexSettingsMismatch: a run with other settings than the index's
// is refused, naming every difference, and changes nothing.
func TestIndexSettingsMismatch(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	b1 := writeFile(t, dir, "b1.jsonl", indexRecord(t, "a", 1))
	b2 := writeFile(t, dir, "b2.jsonl", indexRecord(t, "b", 2))
	mustRun(t, 0, nil, "cluster", "-q", "--index", ix, b1)
	args := []string{"cluster", "--index", ix, "--signature-size", "64", "--bands", "16", "--rows", "4", "--shingle", "char:5", "--window", "48h", b2}
	r := mustRun(t, exitUsage, nil, args...)
	for _, want := range []string{
		"samestory cluster: index " + ix + ": settings differ: ",
		"index was built with --signature-size 128, this run has 64",
		"index was built with --shingle word:3, this run has char:5",
		"index was built with --window 72h0m0s, this run has 48h0m0s",
		"index was built with --bands 37, this run has 16",
		"index was built with --rows 3, this run has 4",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.stdout != "" {
		t.Errorf("refused run wrote %q", r.stdout)
	}
	if e := exported(t, ix); len(e) != 1 {
		t.Errorf("refused run changed the index: %v", e)
	}
	// Flags that do not change features or grouping are free.
	mustRun(t, 0, nil, "cluster", "-q", "--index", ix, "--workers", "1", "--text-field", "text", b2)
}

// TestIndexInUse: a run on an index another process (here, the test)
// holds is refused at once, naming the holder.
func TestIndexInUse(t *testing.T) {
	dir := t.TempDir()
	ixDir := filepath.Join(dir, "ix")
	b1 := writeFile(t, dir, "b1.jsonl", indexRecord(t, "a", 1))
	ix, err := index.Open(ixDir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, args := range [][]string{
		{"cluster", "--index", ixDir, b1},
		{"index", "stats", ixDir},
		{"index", "export", ixDir},
	} {
		r := mustRun(t, exitFail, nil, args...)
		want := regexp.MustCompile(`^samestory [a-z ]+: index .*ix is in use by another samestory run \(pid ` + fmt.Sprint(os.Getpid()) + `, since [0-9TZ:-]+\?\); try again when it has finished\n$`)
		if !want.MatchString(r.stderr) {
			t.Errorf("%q: stderr %q, want it to match %s", args, r.stderr, want)
		}
		if r.stdout != "" {
			t.Errorf("%q wrote %q", args, r.stdout)
		}
	}
	ix.Close()
	mustRun(t, 0, nil, "cluster", "-q", "--index", ixDir, b1)
}

func TestIndexUsage(t *testing.T) {
	dir := t.TempDir()
	b1 := writeFile(t, dir, "b1.jsonl", indexRecord(t, "a", 1))
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"cluster", "--emit-changes", b1}, exitUsage, "--emit-changes needs --index DIR"},
		{[]string{"index"}, exitUsage, "samestory index stats"},
		{[]string{"index", "--help"}, exitOK, ""},
		{[]string{"index", "nope", dir}, exitUsage, `unknown subcommand "nope"`},
		{[]string{"index", "stats"}, exitUsage, "want one index DIR, have 0 arguments"},
		{[]string{"index", "stats", filepath.Join(dir, "none")}, exitFail, "holds no samestory index (no samestory.db)"},
		{[]string{"index", "export", dir}, exitFail, "holds no samestory index"},
		{[]string{"dedup", "--index", dir, b1}, exitUsage, "unknown flag: --index"},
	} {
		r := mustRun(t, c.code, nil, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr lacks %q:\n%s", c.args, c.want, r.stderr)
		}
	}
	if r := mustRun(t, exitOK, nil, "index", "--help"); !strings.Contains(r.stdout, "samestory index export") {
		t.Errorf("index --help: %q", r.stdout)
	}
}
