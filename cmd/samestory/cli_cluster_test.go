package main

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestClusterSeeds(t *testing.T) {
	r := mustRun(t, exitOK, nil, "cluster", seedsDir)
	recs := parseOutput(t, r.stdout)
	if got := ids(recs); !reflect.DeepEqual(got, seedIDs) {
		t.Fatalf("output ids = %v, want %v (input order)", got, seedIDs)
	}

	known := map[string]bool{}
	for _, id := range seedIDs {
		known[id] = true
	}
	stories := map[string][]string{}
	for i, rec := range recs {
		id := seedIDs[i]
		// The original record, unchanged: id, file, title, text.
		for _, k := range []string{"id", "file", "title", "text", "samestory"} {
			if _, ok := rec.fields[k]; !ok {
				t.Errorf("%s: no member %q", id, k)
			}
		}
		if len(rec.fields) != 5 {
			t.Errorf("%s: %d members, want id, file, title, text, samestory", id, len(rec.fields))
		}
		if !strings.HasPrefix(rec.line, `{"id":`) || !strings.Contains(rec.line, `,"samestory":{`) {
			t.Errorf("%s: record is not the input record plus a final samestory member: %.120s…", id, rec.line)
		}
		if got := rec.str(t, "id"); got != id {
			t.Errorf("record id = %q, want %q", got, id)
		}
		if got, want := rec.str(t, "file"), filepath.ToSlash(filepath.Join(seedsDir, id+".txt")); got != want {
			t.Errorf("%s: file = %q, want %q", id, got, want)
		}
		if got, want := rec.str(t, "text"), readFile(t, filepath.Join(seedsDir, id+".txt")); got != want {
			t.Errorf("%s: text is not the file's content (%d vs %d bytes)", id, len(got), len(want))
		}
		if rec.str(t, "title") == "" {
			t.Errorf("%s: empty title", id)
		}

		a := rec.ss
		if *a.ID != id {
			t.Errorf("samestory.id = %q, want %q", *a.ID, id)
		}
		if !known[*a.Story] || !known[*a.SimilarTo] {
			t.Errorf("%s: story %q or similar_to %q is not an input id", id, *a.Story, *a.SimilarTo)
		}
		if a.DuplicateOf != nil && !known[*a.DuplicateOf] {
			t.Errorf("%s: duplicate_of %q is not an input id", id, *a.DuplicateOf)
		}
		if *a.Canonical != (*a.Story == id) {
			t.Errorf("%s: canonical = %v but story = %q", id, *a.Canonical, *a.Story)
		}
		stories[*a.Story] = append(stories[*a.Story], id)
	}

	want := map[string][]string{
		seed000: {seed000},
		seed001: {seed001, seed002, seed003},
		seed004: {seed004},
	}
	if !reflect.DeepEqual(stories, want) {
		t.Fatalf("stories = %v, want %v", stories, want)
	}
	for i, rec := range recs {
		if got, want := *rec.ss.StorySize, len(stories[*rec.ss.Story]); got != want {
			t.Errorf("%s: story_size = %d, want %d", seedIDs[i], got, want)
		}
		if rec.ss.DuplicateOf != nil && stories[*rec.ss.Story] != nil && !slices.Contains(stories[*rec.ss.Story], *rec.ss.DuplicateOf) {
			t.Errorf("%s: duplicate_of %q is outside its story", seedIDs[i], *rec.ss.DuplicateOf)
		}
	}
	if reason := recs[1].ss.Reason; !strings.Contains(reason, "fullest") {
		t.Errorf("canonical 001: reason = %q, want it to mention \"fullest\" (no article has a date)", reason)
	}

	sum := summary(t, "cluster", r.stderr)
	if !strings.HasPrefix(sum, "samestory cluster: read 5 records, wrote 5, rejected 0") {
		t.Errorf("summary = %q", sum)
	}
	if !strings.Contains(sum, "3 stories") {
		t.Errorf("summary does not count 3 stories: %q", sum)
	}
	if n := len(lines(r.stderr)); n != 1 {
		t.Errorf("stderr has %d lines, want only the summary:\n%s", n, r.stderr)
	}
}

func TestClusterOutputFile(t *testing.T) {
	want := mustRun(t, exitOK, nil, "cluster", seedsDir).stdout
	for _, flag := range []string{"-o", "--output"} {
		out := filepath.Join(t.TempDir(), "out.jsonl")
		r := mustRun(t, exitOK, nil, "cluster", flag, out, seedsDir)
		if r.stdout != "" {
			t.Errorf("%s: stdout = %q, want empty", flag, tail(r.stdout))
		}
		if got := readFile(t, out); got != want {
			t.Errorf("%s: the file differs from what stdout held (%d vs %d bytes)", flag, len(got), len(want))
		}
		summary(t, "cluster", r.stderr)
	}
	// "-o -" is standard output.
	r := mustRun(t, exitOK, nil, "cluster", "-o", "-", seedsDir)
	if r.stdout != want {
		t.Errorf("-o -: stdout differs")
	}
	// An output file that cannot be created is a failure, not a usage error.
	r = mustRun(t, exitFail, nil, "cluster", "-o", filepath.Join(t.TempDir(), "no", "such", "dir.jsonl"), seedsDir)
	if !strings.Contains(r.stderr, "dir.jsonl") {
		t.Errorf("stderr does not name the output file:\n%s", r.stderr)
	}
}

func TestClusterQuiet(t *testing.T) {
	for _, flag := range []string{"--quiet", "-q"} {
		r := mustRun(t, exitOK, nil, "cluster", flag, seedsDir)
		if r.stderr != "" {
			t.Errorf("%s: stderr = %q, want empty", flag, r.stderr)
		}
		if len(parseOutput(t, r.stdout)) != 5 {
			t.Errorf("%s: want 5 records", flag)
		}
	}
}

func TestClusterDeterministic(t *testing.T) {
	a := mustRun(t, exitOK, nil, "cluster", seedsDir).stdout
	b := mustRun(t, exitOK, nil, "cluster", seedsDir).stdout
	if a != b {
		t.Fatalf("two runs differ")
	}
	w1 := mustRun(t, exitOK, nil, "cluster", "--workers", "1", seedsDir).stdout
	w3 := mustRun(t, exitOK, nil, "cluster", "--workers", "3", seedsDir).stdout
	if w1 != w3 {
		t.Fatalf("--workers 1 and --workers 3 differ:\n%s\n----\n%s", w1, w3)
	}
	if w1 != a {
		t.Fatalf("--workers 1 and the default differ")
	}
	// The folder given with a trailing slash, or its files one by one,
	// gives the same annotations.
	files := []string{"cluster"}
	for _, id := range seedIDs {
		files = append(files, filepath.Join(seedsDir, id+".txt"))
	}
	one := parseOutput(t, mustRun(t, exitOK, nil, files...).stdout)
	all := parseOutput(t, a)
	if len(one) != len(all) {
		t.Fatalf("files one by one: %d records, want %d", len(one), len(all))
	}
	for i := range all {
		if string(one[i].fields["samestory"]) != string(all[i].fields["samestory"]) {
			t.Errorf("%s: annotation differs when the files are given one by one:\n%s\n%s",
				seedIDs[i], one[i].fields["samestory"], all[i].fields["samestory"])
		}
	}
}
