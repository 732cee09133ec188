package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

var columns = regexp.MustCompile(`\s{2,}`)

// explainRows parses the explain table into one map per row, keyed by
// the header's column names.
func explainRows(t *testing.T, out string) []map[string]string {
	t.Helper()
	ls := lines(out)
	if len(ls) < 2 {
		t.Fatalf("explain table has no rows:\n%s", out)
	}
	head := columns.Split(strings.TrimSpace(ls[0]), -1)
	var rows []map[string]string
	for _, l := range ls[1:] {
		cells := columns.Split(strings.TrimSpace(l), -1)
		if len(cells) != len(head) {
			t.Fatalf("row has %d cells, header %d:\n%s", len(cells), len(head), out)
		}
		row := map[string]string{}
		for i, h := range head {
			row[h] = cells[i]
		}
		rows = append(rows, row)
	}
	return rows
}

func TestExplainTable(t *testing.T) {
	r := mustRun(t, exitOK, nil, "explain",
		"--pair", seed002+","+seed003, "--pair", seed000+","+seed004, seedsDir)
	rows := explainRows(t, r.stdout)
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2:\n%s", len(rows), r.stdout)
	}
	for i, want := range []struct{ a, b, same string }{{seed002, seed003, "yes"}, {seed000, seed004, "no"}} {
		row := rows[i]
		if row["id_a"] != want.a || row["id_b"] != want.b {
			t.Errorf("row %d is for %s,%s, want %s,%s", i, row["id_a"], row["id_b"], want.a, want.b)
		}
		v, ok := row["same story"]
		if !ok {
			t.Fatalf("no \"same story\" column:\n%s", r.stdout)
		}
		if v != want.same {
			t.Errorf("%s,%s: same story = %q, want %q\n%s", want.a, want.b, v, want.same, r.stdout)
		}
	}
	if rows[0]["same group"] != "yes" || rows[0]["copy"] != "yes" {
		t.Errorf("002,003: same group %q, copy %q; cluster puts 003 in 002's duplicate group", rows[0]["same group"], rows[0]["copy"])
	}
}

func TestExplainJSON(t *testing.T) {
	r := mustRun(t, exitOK, nil, "explain", "--json", "--pair", seed002+","+seed003, seedsDir)
	ls := lines(r.stdout)
	if len(ls) != 1 {
		t.Fatalf("want one JSON line per pair, got:\n%s", r.stdout)
	}
	var e struct {
		A         string   `json:"id_a"`
		B         string   `json:"id_b"`
		Res       *float64 `json:"resemblance"`
		Cont      *float64 `json:"containment"`
		Story     *float64 `json:"story_similarity"`
		SameGroup *bool    `json:"same_duplicate_group"`
		SameStory *bool    `json:"same_story"`
	}
	if err := json.Unmarshal([]byte(ls[0]), &e); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, ls[0])
	}
	if e.A != seed002 || e.B != seed003 {
		t.Errorf("ids = %s,%s", e.A, e.B)
	}
	if e.SameStory == nil || !*e.SameStory {
		t.Errorf("same_story = %v, want true: %s", e.SameStory, ls[0])
	}
	if e.Res == nil || e.Cont == nil || e.Story == nil || e.SameGroup == nil {
		t.Errorf("missing members: %s", ls[0])
	}
}

func TestExplainErrors(t *testing.T) {
	r := mustRun(t, exitFail, nil, "explain", "--pair", seed002+",no-such-id", seedsDir)
	if !strings.Contains(r.stderr, `"no-such-id"`) || !strings.Contains(r.stderr, "no article") {
		t.Errorf("unknown id: stderr does not say which id is unknown:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("unknown id: stdout = %q, want empty", r.stdout)
	}
	r = mustRun(t, exitUsage, nil, "explain", seedsDir)
	if !strings.Contains(r.stderr, "--pair") {
		t.Errorf("missing --pair: stderr:\n%s", r.stderr)
	}
	for _, bad := range []string{seed002, seed002 + ",", "," + seed003} {
		r = mustRun(t, exitUsage, nil, "explain", "--pair", bad, seedsDir)
		if !strings.Contains(r.stderr, "--pair") {
			t.Errorf("--pair %q: stderr:\n%s", bad, r.stderr)
		}
	}
}
