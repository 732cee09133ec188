package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const (
	stormText = "A powerful storm hit the northern coast on Monday, flooding streets and cutting power to thousands of homes, officials said. Rescue teams worked through the night."
	voteText  = "The ruling party won the parliamentary election by a wide margin, according to final results published on Tuesday by the electoral commission in the capital."
)

// Input lines of jsonlInput. a1 and a2 are copies of each other; a2 was
// published earlier (10:30+01:00 is 09:30Z) although it comes second.
// a2 is written with odd spacing, escapes and numbers that a re-encoding
// would change. Line 3 is not JSON and line 4 has no id.
var (
	lineA1 = `{"id":"a1","title":"Storm hits coast","content":"` + stormText + `","date":"2024-03-04T10:00:00Z"}`
	lineA2 = `{ "id" : "a2",  "title":"Storm hits coast" , "content": "` + stormText + `",` +
		`"date":"2024-03-04T10:30:00+01:00", "extra": {"n": [1, 2.50, 1e3, -0.0], "s": "caf\u00e9 \"q\" \/ \ud83d\ude00 \u2028", "t": true, "z": null}, "arabic": "بوتين"}`
	lineBad  = `this is not json`
	lineNoID = `{"title":"no id here","content":"Some text without an id at all in this record."}`
	lineA3   = `{"id":"a3","title":"Election results","content":"` + voteText + `","date":"2024-03-05T08:00:00Z"}`
)

var jsonlInput = strings.Join([]string{lineA1, lineA2, lineBad, lineNoID, lineA3}, "\n") + "\n"

// checkPassThrough checks that each output line is its input line with
// the samestory member appended: every input byte kept.
func checkPassThrough(t *testing.T, recs []outRecord, inputs map[string]string) {
	t.Helper()
	for _, rec := range recs {
		id := *rec.ss.ID
		in, ok := inputs[id]
		if !ok {
			t.Errorf("output record %q has no input line", id)
			continue
		}
		prefix := strings.TrimSuffix(strings.TrimRight(in, " "), "}")
		if !strings.HasPrefix(rec.line, prefix) {
			t.Errorf("%s: output does not start with the input record's bytes\n in: %s\nout: %s", id, in, rec.line)
			continue
		}
		rest := rec.line[len(prefix):]
		if !strings.HasPrefix(rest, `,"samestory":{`) || !strings.HasSuffix(rest, "}}") {
			t.Errorf("%s: after the input bytes comes %q, want ,\"samestory\":{…}}", id, rest)
			continue
		}
		var ann map[string]any
		if err := json.Unmarshal([]byte(rest[len(`,"samestory":`):len(rest)-1]), &ann); err != nil {
			t.Errorf("%s: the appended member is not one JSON object: %v", id, err)
		}
	}
}

func TestClusterJSONLStdin(t *testing.T) {
	dir := t.TempDir()
	errFile := filepath.Join(dir, "errors.jsonl")
	r := mustRun(t, exitOK, strings.NewReader(jsonlInput), "cluster", "--errors", errFile, "-")
	recs := parseOutput(t, r.stdout)
	if got, want := ids(recs), []string{"a1", "a2", "a3"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("written ids = %v, want %v", got, want)
	}
	checkPassThrough(t, recs, map[string]string{"a1": lineA1, "a2": lineA2, "a3": lineA3})

	// content is the text and date the date: a1 and a2 are copies, and a2,
	// published first in UTC, is the canonical.
	a1, a2, a3 := recs[0].ss, recs[1].ss, recs[2].ss
	if *a1.Story != "a2" || *a2.Story != "a2" || *a3.Story != "a3" {
		t.Errorf("stories = %s %s %s, want a2 a2 a3", *a1.Story, *a2.Story, *a3.Story)
	}
	if a1.DuplicateOf == nil || *a1.DuplicateOf != "a2" || a2.DuplicateOf != nil {
		t.Errorf("duplicate_of: a1 %v, a2 %v; want a1 → a2 and a2 null", a1.DuplicateOf, a2.DuplicateOf)
	}
	if !strings.Contains(a2.Reason, "earliest") {
		t.Errorf("a2 canonical reason = %q, want the earliest-published rule (dates read with their zones)", a2.Reason)
	}

	// Problems: on stderr with file:line, and counted.
	for _, pos := range []string{"-:3", "-:4"} {
		if !strings.Contains(r.stderr, pos+":") {
			t.Errorf("stderr does not report %s:\n%s", pos, r.stderr)
		}
	}
	for _, pos := range []string{"-:1:", "-:2:", "-:5:"} {
		if strings.Contains(r.stderr, pos) {
			t.Errorf("stderr reports good record %s:\n%s", pos, r.stderr)
		}
	}
	sum := summary(t, "cluster", r.stderr)
	if !strings.HasPrefix(sum, "samestory cluster: read 5 records, wrote 3, rejected 2") {
		t.Errorf("summary = %q, want read 5, wrote 3, rejected 2", sum)
	}

	// --errors: one object per problem.
	type problem struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		Kind   string `json:"kind"`
		Reason string `json:"reason"`
	}
	var probs []problem
	for _, l := range lines(readFile(t, errFile)) {
		var p problem
		var raw map[string]any
		if err := json.Unmarshal([]byte(l), &raw); err != nil {
			t.Fatalf("--errors line is not JSON: %q", l)
		}
		for _, k := range []string{"file", "line", "kind", "reason"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("--errors line lacks %q: %s", k, l)
			}
		}
		_ = json.Unmarshal([]byte(l), &p)
		probs = append(probs, p)
	}
	if len(probs) != 2 {
		t.Fatalf("--errors holds %d problems, want 2: %+v", len(probs), probs)
	}
	for i, line := range []int{3, 4} {
		p := probs[i]
		if p.File != "-" || p.Line != line || p.Kind != "rejected" || p.Reason == "" {
			t.Errorf("problem %d = %+v, want file -, line %d, kind rejected, a reason", i, p, line)
		}
	}
	if !strings.Contains(probs[0].Reason, "JSON") || !strings.Contains(probs[1].Reason, "id") {
		t.Errorf("reasons = %q, %q: want not-JSON and no-id", probs[0].Reason, probs[1].Reason)
	}
}

func TestClusterGzipFile(t *testing.T) {
	dir := t.TempDir()
	gz := writeGzip(t, dir, "in.jsonl.gz", jsonlInput)
	plain := mustRun(t, exitOK, strings.NewReader(jsonlInput), "cluster", "-").stdout
	r := mustRun(t, exitOK, nil, "cluster", gz)
	if r.stdout != plain {
		t.Errorf("gzip input: output differs from the same records on stdin:\n%s\n----\n%s", r.stdout, plain)
	}
	checkPassThrough(t, parseOutput(t, r.stdout), map[string]string{"a1": lineA1, "a2": lineA2, "a3": lineA3})
	for _, pos := range []string{gz + ":3:", gz + ":4:"} {
		if !strings.Contains(r.stderr, pos) {
			t.Errorf("stderr does not report %s:\n%s", pos, r.stderr)
		}
	}
	if sum := summary(t, "cluster", r.stderr); !strings.Contains(sum, "rejected 2") {
		t.Errorf("summary = %q", sum)
	}
	// The same file under a name without .gz is still recognised.
	r2 := mustRun(t, exitOK, nil, "cluster", writeFile(t, dir, "renamed.jsonl", readFile(t, gz)))
	if r2.stdout != plain {
		t.Errorf("gzip data in a .jsonl file: output differs")
	}
}

func TestClusterStrict(t *testing.T) {
	r := mustRun(t, exitFail, strings.NewReader(jsonlInput), "cluster", "--strict", "-")
	if !strings.Contains(r.stderr, "-:3") {
		t.Errorf("stderr does not name the bad record's position -:3:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "--strict") {
		t.Errorf("stderr does not say --strict stopped the run:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "-:4") {
		t.Errorf("--strict went on past the first bad record:\n%s", r.stderr)
	}
	if strings.Contains(r.stderr, "wrote") {
		t.Errorf("--strict printed a normal summary:\n%s", r.stderr)
	}
	// Good input passes --strict.
	good := lineA1 + "\n" + lineA3 + "\n"
	r = mustRun(t, exitOK, strings.NewReader(good), "cluster", "--strict", "-")
	if len(parseOutput(t, r.stdout)) != 2 {
		t.Errorf("--strict on good input: want 2 records")
	}
}

func TestClusterBadDate(t *testing.T) {
	in := lineA1 + "\n" + `{"id":"b1","title":"x","content":"` + voteText + `","date":"not a date"}` + "\n"
	errFile := filepath.Join(t.TempDir(), "errors.jsonl")
	for _, strict := range []bool{false, true} {
		args := []string{"cluster", "--errors", errFile, "-"}
		if strict {
			args = append([]string{"cluster", "--strict"}, args[1:]...)
		}
		r := mustRun(t, exitOK, strings.NewReader(in), args...)
		recs := parseOutput(t, r.stdout)
		if got := ids(recs); !reflect.DeepEqual(got, []string{"a1", "b1"}) {
			t.Fatalf("strict=%v: written ids = %v, want a1 b1 (a bad date is no reason to drop a record)", strict, got)
		}
		if !strings.Contains(r.stderr, "-:2:") || !strings.Contains(r.stderr, "bad date") {
			t.Errorf("strict=%v: stderr does not warn of the bad date at -:2:\n%s", strict, r.stderr)
		}
		sum := summary(t, "cluster", r.stderr)
		if !strings.Contains(sum, "rejected 0") || !strings.Contains(sum, "1 unusable date") {
			t.Errorf("strict=%v: summary = %q", strict, sum)
		}
		var p struct {
			File, Kind, Reason string
			Line               int
		}
		ls := lines(readFile(t, errFile))
		if len(ls) != 1 {
			t.Fatalf("--errors: %d lines, want 1", len(ls))
		}
		if err := json.Unmarshal([]byte(ls[0]), &p); err != nil || p.Kind != "bad date" || p.Line != 2 || !strings.Contains(p.Reason, "not a date") {
			t.Errorf("--errors: %s, want kind \"bad date\" at line 2", ls[0])
		}
	}
}

func TestClusterDuplicateID(t *testing.T) {
	second := `{"id":"a1","title":"Other","content":"` + voteText + `"}`
	in := lineA1 + "\n" + lineA3 + "\n" + second + "\n"
	r := mustRun(t, exitOK, strings.NewReader(in), "cluster", "-")
	recs := parseOutput(t, r.stdout)
	if got := ids(recs); !reflect.DeepEqual(got, []string{"a1", "a3"}) {
		t.Fatalf("written ids = %v, want a1 a3", got)
	}
	if !strings.HasPrefix(recs[0].line, strings.TrimSuffix(lineA1, "}")) {
		t.Errorf("the record kept for a1 is not the first one: %s", recs[0].line)
	}
	if !strings.Contains(r.stderr, "-:3:") || !strings.Contains(r.stderr, "duplicate id") {
		t.Errorf("stderr does not report the duplicate id at -:3:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, "-:1") {
		t.Errorf("stderr does not say where the id was first seen (-:1):\n%s", r.stderr)
	}
	if sum := summary(t, "cluster", r.stderr); !strings.Contains(sum, "wrote 2, rejected 1") || !strings.Contains(sum, "duplicate id") {
		t.Errorf("summary = %q", sum)
	}
}

func TestClusterFieldFlags(t *testing.T) {
	rain := "Heavy rain flooded the old town overnight and the river burst its banks near the central bridge, residents said on Sunday morning."
	bank := "The central bank raised interest rates by half a point to fight inflation, the largest increase in two decades, economists noted."
	in := `{"uid":"x1","body_text":"` + rain + `","text":"decoy one"}` + "\n" +
		`{"uid":"x2","body_text":"` + rain + `","text":"decoy two"}` + "\n" +
		`{"uid":"x3","body_text":"` + bank + `","text":"decoy three"}` + "\n"
	dir := t.TempDir()
	path := writeFile(t, dir, "fields.jsonl", in)

	r := mustRun(t, exitOK, nil, "cluster", "--text-field", "body_text", "--id-field", "uid", path)
	recs := parseOutput(t, r.stdout)
	if got := ids(recs); !reflect.DeepEqual(got, []string{"x1", "x2", "x3"}) {
		t.Fatalf("ids = %v, want x1 x2 x3 (read from uid)", got)
	}
	if d := recs[1].ss.DuplicateOf; d == nil || *d != "x1" {
		t.Errorf("x2 duplicate_of = %v, want x1 (texts read from body_text are equal)", d)
	}
	if *recs[2].ss.Story == "x1" {
		t.Errorf("x3 is in the story of x1")
	}
	checkPassThrough(t, recs, map[string]string{"x1": lines(in)[0], "x2": lines(in)[1], "x3": lines(in)[2]})
	if sum := summary(t, "cluster", r.stderr); !strings.Contains(sum, "rejected 0") {
		t.Errorf("summary = %q", sum)
	}

	// Without --id-field the records have no id.
	r = mustRun(t, exitOK, nil, "cluster", "--text-field", "body_text", path)
	if r.stdout != "" || !strings.Contains(summary(t, "cluster", r.stderr), "rejected 3") {
		t.Errorf("without --id-field: want all 3 rejected; stderr:\n%s", r.stderr)
	}
	// Without --text-field the decoys are read: no copies.
	r = mustRun(t, exitOK, nil, "cluster", "--id-field", "uid", path)
	for _, rec := range parseOutput(t, r.stdout) {
		if rec.ss.DuplicateOf != nil {
			t.Errorf("without --text-field: %s is a copy of %s", *rec.ss.ID, *rec.ss.DuplicateOf)
		}
	}
}

// With --unique-ids a repeated id is made unique instead: every record is
// written, unchanged, the second under the samestory id "a1#2".
func TestClusterUniqueIDs(t *testing.T) {
	in := `{"id":"a1","text":"one two three four five"}` + "\n" +
		`{"id":"a1","text":"six seven eight nine ten"}` + "\n" +
		`{"id":"a1#2","text":"eleven twelve thirteen"}` + "\n"
	r := mustRun(t, exitOK, strings.NewReader(in), "cluster", "--unique-ids", "-")
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var rec struct {
			ID        string `json:"id"`
			Samestory struct {
				ID string `json:"id"`
			} `json:"samestory"`
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		got = append(got, rec.ID+"="+rec.Samestory.ID)
	}
	// The third record's own id was taken by the second's unique id when
	// it came: it is made unique in its turn.
	want := []string{"a1=a1", "a1=a1#2", "a1#2=a1#2#2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids (record=samestory) %v, want %v", got, want)
	}
	if sum := summary(t, "cluster", r.stderr); !strings.Contains(sum, "wrote 3, rejected 0") || !strings.Contains(sum, "2 repeated ids made unique") {
		t.Errorf("summary = %q", sum)
	}
}

// A field flag that matches no record, or a run that rejects every
// record, ends with a warning; the summary counts undated articles.
func TestFieldWarnings(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", `{"id":"a","title":"t one","body":"one two three four","when":"2015-07-21"}`+"\n"+
		`{"id":"b","title":"t two","body":"one two three five","when":"2015-07-22"}`+"\n")
	for _, c := range []struct {
		args []string
		want string // a warning, or "" for none
	}{
		{[]string{"--text-field", "nope", "--date-field", "when"}, `warning: --text-field "nope": no article has text there`},
		{[]string{"--text-field", "body", "--date-field", "nope"}, `warning: --date-field "nope": no article has a usable date there`},
		{[]string{"--id-field", "nope"}, `warning: --id-field "nope": no record has that field`},
		{[]string{"--id-field", "title", "--text-field", "title"}, ""},
		{[]string{"--text-field", "body", "--date-field", "when"}, ""},
	} {
		r := mustRun(t, exitOK, nil, append(append([]string{"cluster", "-o", filepath.Join(dir, "out.jsonl")}, c.args...), in)...)
		if c.want == "" && strings.Contains(r.stderr, "warning:") || c.want != "" && !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr:\n%s\nwant %q", c.args, r.stderr, c.want)
		}
	}
	bad := writeFile(t, dir, "bad.jsonl", "not json\n[1]\n")
	r := mustRun(t, exitOK, nil, "cluster", "-o", filepath.Join(dir, "out.jsonl"), bad)
	if !strings.Contains(r.stderr, "warning: every record was rejected") {
		t.Errorf("all rejected: stderr:\n%s", r.stderr)
	}
	r = mustRun(t, exitOK, nil, "cluster", "-o", filepath.Join(dir, "out.jsonl"), "--text-field", "body", in)
	if sum := summary(t, "cluster", r.stderr); !strings.Contains(sum, "; 2 undated;") {
		t.Errorf("summary %q does not count the 2 undated articles", sum)
	}
}
