package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clusteredSeeds writes the seeds' cluster output to a temporary folder.
func clusteredSeeds(t *testing.T) (dir, out string) {
	t.Helper()
	dir = t.TempDir()
	out = filepath.Join(dir, "clustered.jsonl")
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", out, seedsDir)
	return dir, out
}

// reportStory is one line of a JSON report.
type reportStory struct {
	Story   string `json:"story"`
	Size    int    `json:"size"`
	Members []struct {
		ID          string `json:"id"`
		Canonical   bool   `json:"canonical"`
		DuplicateOf string `json:"duplicate_of"`
	} `json:"members"`
}

// reportStories decodes JSON Lines report output.
func reportStories(t *testing.T, out string) []reportStory {
	t.Helper()
	var stories []reportStory
	for i, l := range lines(out) {
		var s reportStory
		if err := json.Unmarshal([]byte(l), &s); err != nil {
			t.Fatalf("report line %d: %v\n%s", i+1, err, l)
		}
		stories = append(stories, s)
	}
	return stories
}

func TestReportFormats(t *testing.T) {
	dir, clustered := clusteredSeeds(t)

	// Standard output: HTML unless --format says otherwise.
	r := mustRun(t, exitOK, nil, "report", clustered)
	if !strings.HasPrefix(r.stdout, "<!DOCTYPE html>") || !strings.Contains(r.stdout, `id="s-`+seed001+`"`) {
		t.Errorf("report to standard output is not the HTML page with the Minsk story:\n%.300s", r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q", r.stderr)
	}
	md := mustRun(t, exitOK, nil, "report", "--format", "md", clustered).stdout
	if !strings.HasPrefix(md, "# samestory report\n") || !strings.Contains(md, "### 1. ") || !strings.Contains(md, "| 3 | ") {
		t.Errorf("Markdown report:\n%s", md)
	}
	js := mustRun(t, exitOK, nil, "report", "-f", "json", clustered).stdout
	stories := reportStories(t, js)
	if len(stories) != 3 || stories[0].Story != seed001 || stories[0].Size != 3 || !stories[0].Members[0].Canonical ||
		stories[0].Members[2].ID != seed003 || stories[0].Members[2].DuplicateOf != seed002 {
		t.Errorf("JSON report = %+v", stories)
	}

	// Files: the format follows the extension; --format wins.
	for name, prefix := range map[string]string{"r.html": "<!DOCTYPE html>", "r.md": "# samestory report", "r.json": `{"rank":1,`, "r.jsonl": `{"rank":1,`, "r.htm": "<!DOCTYPE html>"} {
		path := filepath.Join(dir, name)
		r := mustRun(t, exitOK, nil, "report", "-o", path, clustered)
		if r.stdout != "" || r.stderr != "" {
			t.Errorf("%s: stdout %q, stderr %q; want both empty", name, r.stdout, r.stderr)
		}
		if got := readFile(t, path); !strings.HasPrefix(got, prefix) {
			t.Errorf("%s starts %.40q, want %q", name, got, prefix)
		}
	}
	path := filepath.Join(dir, "report.txt")
	mustRun(t, exitOK, nil, "report", "--format", "md", "--output", path, "--title", "Seeds", clustered)
	if got := readFile(t, path); !strings.HasPrefix(got, "# Seeds\n") {
		t.Errorf("--format md --title Seeds: %.60q", got)
	}
	// -o - is standard output.
	if r := mustRun(t, exitOK, nil, "report", "-o", "-", "-f", "json", clustered); r.stdout != js {
		t.Errorf("-o - differs from standard output")
	}
}

func TestReportInputs(t *testing.T) {
	dir, clustered := clusteredSeeds(t)
	want := mustRun(t, exitOK, nil, "report", "-f", "json", clustered).stdout
	data := readFile(t, clustered)
	// Standard input, and gzip.
	if got := mustRun(t, exitOK, strings.NewReader(data), "report", "-f", "json", "-").stdout; got != want {
		t.Errorf("report of standard input differs")
	}
	gz := writeGzip(t, dir, "clustered.jsonl.gz", data)
	if got := mustRun(t, exitOK, nil, "report", "-f", "json", gz).stdout; got != want {
		t.Errorf("report of a gzip file differs")
	}
	// --snippet 0 leaves snippets out.
	if got := mustRun(t, exitOK, nil, "report", "-f", "json", "--snippet", "0", clustered).stdout; strings.Contains(got, `"snippet"`) {
		t.Errorf("--snippet 0 still writes snippets")
	}
	// Field flags: the title read from another field.
	in := writeFile(t, dir, "other.jsonl",
		`{"heading":"Named","day":"2024-05-01","samestory":{"id":"a","story":"a","canonical":true}}`+"\n")
	got := mustRun(t, exitOK, nil, "report", "-f", "json", "--title-field", "heading", "--date-field", "day", in).stdout
	if !strings.Contains(got, `"title":"Named"`) || !strings.Contains(got, `"first":"2024-05-01T00:00:00Z"`) {
		t.Errorf("--title-field/--date-field: %s", got)
	}
}

func TestReportErrors(t *testing.T) {
	dir, clustered := clusteredSeeds(t)
	bad := writeFile(t, dir, "bad.jsonl", strings.SplitN(readFile(t, clustered), "\n", 2)[0]+"\nnot json\n")
	plain := writeFile(t, dir, "plain.jsonl", `{"id":"x","title":"not clustered"}`+"\n")
	out := filepath.Join(dir, "out.html")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report"}, exitUsage, "want one CLUSTERED file"},
		{[]string{"report", clustered, clustered}, exitUsage, "got 2 arguments"},
		{[]string{"report", "--format", "pdf", clustered}, exitUsage, `--format "pdf": want html, md or json`},
		{[]string{"report", "-o", filepath.Join(dir, "r.txt"), clustered}, exitUsage, "cannot tell the format"},
		{[]string{"report", "--snippet", "-1", clustered}, exitUsage, "--snippet -1"},
		{[]string{"report", "--bogus", clustered}, exitUsage, "unknown flag: --bogus"},
		{[]string{"report", filepath.Join(dir, "missing.jsonl")}, exitFail, "no such file"},
		{[]string{"report", "-o", out, bad}, exitFail, "samestory report: " + bad + `:2: not JSON`},
		{[]string{"report", plain}, exitFail, plain + `:1: record has no "samestory" object`},
		{[]string{"report", "-o", filepath.Join(dir, "no", "such", "dir.html"), clustered}, exitFail, "no such file or directory"},
	} {
		r := mustRun(t, c.code, nil, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr = %q, want it to contain %q", c.args, r.stderr, c.want)
		}
		if c.code == exitFail && len(lines(r.stderr)) != 1 {
			t.Errorf("%q: want a one-line error, got:\n%s", c.args, r.stderr)
		}
		if strings.Contains(r.stderr, "report: report:") {
			t.Errorf("%q: doubled prefix: %q", c.args, r.stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed report left %s behind", out)
	}
}

// cluster --report writes the report of the records it writes, the same
// as report on its output.
func TestClusterReport(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	html := filepath.Join(dir, "report.html")
	r := mustRun(t, exitOK, nil, "cluster", "-o", out, "--report", html, seedsDir)
	summary(t, "cluster", r.stderr)
	page := readFile(t, html)
	if !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, `id="s-`+seed001+`"`) || !strings.Contains(page, seedsDir) {
		t.Errorf("cluster --report wrote:\n%.400s", page)
	}
	js := filepath.Join(dir, "report.json")
	mustRun(t, exitOK, nil, "cluster", "-q", "-o", out, "--report", js, seedsDir)
	if got, want := readFile(t, js), mustRun(t, exitOK, nil, "report", "-f", "json", out).stdout; got != want {
		t.Errorf("cluster --report differs from report of the output:\n%s\nwant\n%s", got, want)
	}
	// To standard output too, and with --report-format.
	md := filepath.Join(dir, "report.out")
	r = mustRun(t, exitOK, nil, "cluster", "-q", "--report", md, "--report-format", "md", seedsDir)
	if len(parseOutput(t, r.stdout)) != 5 || !strings.HasPrefix(readFile(t, md), "# samestory report") {
		t.Errorf("cluster to standard output with --report-format md: %d records, report %.60q", len(parseOutput(t, r.stdout)), readFile(t, md))
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"cluster", "--report-format", "md", seedsDir}, exitUsage, "--report-format needs --report FILE"},
		{[]string{"cluster", "--report", filepath.Join(dir, "r.txt"), seedsDir}, exitUsage, "cannot tell the format"},
		{[]string{"cluster", "--report", html, "--report-format", "pdf", seedsDir}, exitUsage, `--report-format "pdf"`},
		{[]string{"cluster", "--report", filepath.Join(dir, "no", "dir.html"), seedsDir}, exitFail, "no such file or directory"},
		{[]string{"dedup", "--report", html, seedsDir}, exitUsage, "unknown flag: --report"},
	} {
		r := mustRun(t, c.code, nil, c.args...)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr = %q, want it to contain %q", c.args, r.stderr, c.want)
		}
		if r.stdout != "" {
			t.Errorf("%q: wrote %d bytes of records before failing", c.args, len(r.stdout))
		}
	}
	// A run that fails leaves no report behind.
	failed := filepath.Join(dir, "failed.html")
	mustRun(t, exitFail, nil, "cluster", "-q", "--report", failed, filepath.Join(dir, "missing.jsonl"))
	if _, err := os.Stat(failed); err == nil {
		t.Errorf("a failed run left its report file behind")
	}
}

func TestReportHelp(t *testing.T) {
	r := mustRun(t, exitOK, nil, "report", "--help")
	for _, want := range []string{"samestory report [flags] CLUSTERED", "--format", "--output", "--snippet", "--title-field", "cluster --report"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("report --help lacks %q", want)
		}
	}
	// The help says what the tool does with an --output of another
	// extension: a usage error, not html.
	help := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{"(.html or .htm, .md or .markdown, .json, .jsonl or .ndjson; any other extension needs --format), and html on standard output", "--emit-changes"} {
		if !strings.Contains(help, want) {
			t.Errorf("report --help lacks %q", want)
		}
	}
	if strings.Contains(help, "else html") {
		t.Errorf("report --help still says another extension gives html")
	}
	if r := mustRun(t, exitOK, nil, "cluster", "--help"); !strings.Contains(r.stdout, "--report FILE") || !strings.Contains(r.stdout, "--report-format") {
		t.Errorf("cluster --help does not show --report")
	}
	found := false
	for _, l := range lines(mustRun(t, exitOK, nil, "help").stdout) {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "report" {
			found = true
		}
	}
	if !found {
		t.Errorf("usage lists no report command")
	}
}

// The change records of cluster --index DIR --emit-changes are earlier
// articles: report leaves them out, as cluster --report does, and says so.
func TestReportEmitChanges(t *testing.T) {
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	b1 := writeFile(t, dir, "b1.jsonl", indexRecord(t, "a", 1)+indexRecord(t, "b", 2)+indexRecord(t, "b2", 2)+indexRecord(t, "c", 3))
	b2 := writeFile(t, dir, "b2.jsonl", indexRecord(t, "both", 1, 3))
	mustRun(t, exitOK, nil, "cluster", "-q", "--index", ix, b1)
	out := filepath.Join(dir, "b2.out")
	js := filepath.Join(dir, "b2.report.json")
	mustRun(t, exitOK, nil, "cluster", "-q", "--index", ix, "--emit-changes", "--report", js, "-o", out, b2)
	if n := len(lines(readFile(t, out))); n != 3 {
		t.Fatalf("want the new record and 2 change records, have %d lines:\n%s", n, readFile(t, out))
	}

	r := mustRun(t, exitOK, nil, "report", "-f", "json", out)
	if want := readFile(t, js); r.stdout != want {
		t.Errorf("report of the output differs from cluster --report:\n%s\nwant\n%s", r.stdout, want)
	}
	if stories := reportStories(t, r.stdout); len(stories) != 1 || stories[0].Size != 1 || stories[0].Members[0].ID != "both" {
		t.Errorf("JSON report = %+v, want the one new article", stories)
	}
	note := "samestory report: left out 2 change records (--emit-changes): they describe earlier articles, not this batch\n"
	if r.stderr != note {
		t.Errorf("stderr = %q, want %q", r.stderr, note)
	}
	md := mustRun(t, exitOK, nil, "report", "-f", "md", out).stdout
	// The new article has no date; the change records none either, but
	// they are not counted.
	for _, want := range []string{"| articles | 1 |", "| stories | 1 |", "| undated | 1 |", "\n2 change records (--emit-changes) left out: they describe earlier articles, not this batch.\n"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown report lacks %q:\n%s", want, md)
		}
	}
	page := mustRun(t, exitOK, nil, "report", out).stdout
	if !strings.Contains(page, "2 change records (--emit-changes) left out") {
		t.Errorf("HTML report does not say the change records were left out")
	}
}
