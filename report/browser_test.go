package report_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samestory/samestory"
	"github.com/samestory/samestory/report"
)

// The browser tests open HTML reports in headless Chromium (Debian's
// chromium package; .ci/run installs it) and check that they load without
// a console message (errors, blocked resources and Content-Security-Policy
// violations all log one), that the page's script ran (it sets data-ok on
// <body> to the number of stories, and data-error on an error) and that
// the stories are there. They are skipped when Chromium is missing, except
// in CI (CI set), where that is an error. Screenshots are saved in the
// test's artifact directory: go test -run Browser -artifacts -outputdir DIR.

// Seed article ids.
const (
	minsk001 = "001_3b03d875269a3deb"
	minsk002 = "002_397a5b6dceea92fb"
	minsk003 = "003_cf6fa2405558f434"
)

// snnArticles is the SaudiNewsNet corpus beside the repository.
const snnArticles = "../../shared/data/saudinewsnet/articles.jsonl.gz"

type browser struct {
	t    *testing.T
	path string
}

func newBrowser(t *testing.T) browser {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return browser{t, p}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return browser{t, p}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; .ci/run installs it")
	}
	t.Skip("chromium is not installed (/usr/bin/chromium): apt-get install chromium")
	return browser{}
}

// run runs headless Chromium with a fresh profile and returns what it
// printed, failing the test on any console message.
func (b browser) run(args ...string) string {
	b.t.Helper()
	profile, err := os.MkdirTemp(b.t.TempDir(), "profile")
	if err != nil {
		b.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"}
	cmd := exec.CommandContext(ctx, b.path, append(flags, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	defer func() { b.t.Logf("chromium %s: %v", args[0], time.Since(start)) }()
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(l, ":CONSOLE") {
			b.t.Errorf("console message: %s", l)
		}
	}
	return stdout.String()
}

var bodyTag = regexp.MustCompile(`<body([^>]*)>`)

// load opens file (with an address suffix: #anchor or ?query) and returns
// its DOM after the page's script ran, which it checks did so without an
// error and saw stories stories.
func (b browser) load(file, suffix string, stories int) string {
	b.t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		b.t.Fatal(err)
	}
	dom := b.run("--dump-dom", "file://"+abs+suffix)
	body := bodyTag.FindStringSubmatch(dom)
	if body == nil {
		b.t.Fatalf("no <body> in the DOM:\n%.2000s", dom)
	}
	if strings.Contains(body[1], "data-error") {
		b.t.Errorf("the page's script failed: <body%s>", body[1])
	}
	if want := ` data-ok="` + strconv.Itoa(stories) + `"`; !strings.Contains(body[1], want) {
		b.t.Errorf("<body%s>: want%s (the script ran and saw every story)", body[1], want)
	}
	return dom
}

// screenshot saves a screenshot of file in the test's artifact directory.
func (b browser) screenshot(file, suffix, name, size string) {
	b.t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		b.t.Fatal(err)
	}
	png := filepath.Join(b.t.ArtifactDir(), name)
	b.run("--hide-scrollbars", "--window-size="+size, "--screenshot="+png, "file://"+abs+suffix)
	data, err := os.ReadFile(png)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		b.t.Fatalf("no screenshot in %s: %v", png, err)
	}
	b.t.Logf("screenshot: %s", png)
}

// clusterReport runs the samestory pipeline on inputs and builds the
// report from the records as they are written.
func clusterReport(t *testing.T, input string, inputs ...string) *report.Report {
	t.Helper()
	job, err := samestory.NewJob(samestory.DefaultConfig(), inputs, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer job.Close()
	b := report.NewBuilder("output", report.Options{Input: input})
	if _, err := job.Run(context.Background(), b, samestory.All); err != nil {
		t.Fatal(err)
	}
	r, err := b.Report()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func writeHTML(t *testing.T, r *report.Report, name string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	detailsRe = regexp.MustCompile(`(?s)<details class="story" id="([^"]*)"([^>]*)>(.*?)</details>`)
	rowRe     = regexp.MustCompile(`(?s)<tr(?: class="([^"]*)")?><td>(\d+)</td>(.*?)</tr>`)
	idRe      = regexp.MustCompile(`<div class="i">([^<]*)</div>`)
)

// storyRow is a member row of a story in the DOM.
type storyRow struct {
	class, id, html string
}

// storyInDOM returns the open attribute and member rows of a story.
func storyInDOM(t *testing.T, dom, anchor string) (open bool, rows []storyRow) {
	t.Helper()
	for _, m := range detailsRe.FindAllStringSubmatch(dom, -1) {
		if m[1] != anchor {
			continue
		}
		for _, r := range rowRe.FindAllStringSubmatch(m[3], -1) {
			id := idRe.FindStringSubmatch(r[3])
			if id == nil {
				t.Fatalf("row without an id: %s", r[0])
			}
			rows = append(rows, storyRow{r[1], id[1], r[3]})
		}
		return strings.Contains(m[2], " open"), rows
	}
	t.Fatalf("no story %s in the DOM", anchor)
	return false, nil
}

// The seed example, clustered in-process: three stories; the Minsk story
// shows its three articles with 001 canonical.
func TestBrowserSeeds(t *testing.T) {
	b := newBrowser(t)
	r := clusterReport(t, "testdata/seeds", "../testdata/seeds")
	if len(r.Stories) != 3 || r.Stories[0].ID != minsk001 {
		t.Fatalf("stories: %d, the first %s; want 3, the first %s", len(r.Stories), r.Stories[0].ID, minsk001)
	}
	page := writeHTML(t, r, "seeds.html")
	anchor := "#s-" + minsk001

	// Opened at the story's anchor, the story is open.
	dom := b.load(page, anchor, 3)
	open, rows := storyInDOM(t, dom, "s-"+minsk001)
	if !open {
		t.Errorf("the Minsk story is not open at its anchor")
	}
	var ids []string
	for _, row := range rows {
		ids = append(ids, row.id)
	}
	if got, want := strings.Join(ids, " "), minsk001+" "+minsk002+" "+minsk003; got != want {
		t.Errorf("Minsk story rows = %s, want %s", got, want)
	}
	if len(rows) == 3 {
		if rows[0].class != "canon" || !strings.Contains(rows[0].html, "canonical") {
			t.Errorf("001 is not shown as the canonical: %s", rows[0].html)
		}
		if rows[1].class == "canon" || rows[2].class != "copy" || !strings.Contains(rows[2].html, "copy of #2") {
			t.Errorf("002 and 003 are not shown as original and copy: %+v", rows[1:])
		}
	}
	if n := strings.Count(dom, `<tr class="g"`); n != 2 {
		t.Errorf("%d single-article stories in the DOM, want 2", n)
	}

	// Without an anchor every story is collapsed.
	dom = b.load(page, "", 3)
	if open, _ := storyInDOM(t, dom, "s-"+minsk001); open {
		t.Errorf("the Minsk story is open without an anchor")
	}
	b.screenshot(page, anchor, "report-seeds.png", "1200,1560")
}

// Hostile article text shows as text: no element, script or request
// comes from it; the filter works from the address (?q=).
func TestBrowserHostile(t *testing.T) {
	b := newBrowser(t)
	f, err := os.Open("testdata/hostile.clustered.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := report.Read(f, "hostile", report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := writeHTML(t, r, "hostile.html")
	dom := b.load(page, "#s-h1", 3)
	for _, bad := range []string{"<img", "<h1>big", "<b>bold", `href="javascript`} {
		if strings.Contains(dom, bad) {
			t.Errorf("the DOM holds %q: article text became markup", bad)
		}
	}
	if n := strings.Count(dom, "<script"); n != 1 {
		t.Errorf("%d scripts in the DOM, want the page's own", n)
	}
	if !strings.Contains(dom, "&lt;script&gt;alert(\"x\")&lt;/script&gt; Breaking") {
		t.Errorf("the <script> title is not shown as text")
	}
	if _, rows := storyInDOM(t, dom, "s-h1"); len(rows) != 4 {
		t.Errorf("story h1 has %d rows, want 4", len(rows))
	}

	// ?q= filters: only the single story "Empty" is left, and the list of
	// single-article stories opens.
	dom = b.load(page, "?q=empty", 3)
	if m := detailsRe.FindStringSubmatch(dom); m == nil || !strings.Contains(m[2], "hidden") {
		t.Errorf("the filter did not hide story h1")
	}
	if !regexp.MustCompile(`<details id="singles-list" open`).MatchString(dom) {
		t.Errorf("the filter did not open the single-article stories")
	}
	if !regexp.MustCompile(`<tr class="g" id="s-h5__b_" hidden`).MatchString(dom) ||
		regexp.MustCompile(`<tr class="g" id="s-h6" hidden`).MatchString(dom) {
		t.Errorf("the filter did not keep h6 and hide h5:\n%s", grepDOM(dom, `class="g"`))
	}
	if !strings.Contains(dom, "1 of 3 stories match") {
		t.Errorf("the filter does not say how many stories match")
	}
}

func grepDOM(dom, sub string) string {
	var out []string
	for _, l := range strings.Split(dom, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// 400 SaudiNewsNet articles of one day from eleven outlets (skipped
// without ../shared or with -short).
func TestBrowserSaudiNewsNet(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if _, err := os.Stat(snnArticles); err != nil {
		t.Skipf("no SaudiNewsNet corpus: %v", err)
	}
	b := newBrowser(t)
	sample := filepath.Join(t.TempDir(), "sample.jsonl")
	copyLines(t, snnArticles, sample, 400, 7)
	r := clusterReport(t, "SaudiNewsNet, every 7th of the first 2,800 articles", sample)
	multi, copies := 0, 0
	for _, s := range r.Stories {
		if s.Size > 1 {
			multi++
		}
		copies += s.Copies
	}
	if multi == 0 || copies == 0 || r.Timeline == nil {
		t.Fatalf("the sample has %d stories of two or more, %d copies, timeline %v: want some of each", multi, copies, r.Timeline)
	}
	page := writeHTML(t, r, "saudinewsnet.html")
	dom := b.load(page, "", len(r.Stories))
	if n := len(detailsRe.FindAllString(dom, -1)); n != multi {
		t.Errorf("%d stories in the DOM, want %d", n, multi)
	}
	if n := strings.Count(dom, `<tr class="copy"`); n != copies {
		t.Errorf("%d copies in the DOM, want %d", n, copies)
	}
	if !strings.Contains(dom, "<svg") || !strings.Contains(dom, `<rect class="c"`) {
		t.Errorf("no timeline with copies drawn")
	}
	largest := r.Stories[0]
	if _, rows := storyInDOM(t, dom, largest.Anchor); len(rows) != largest.Size {
		t.Errorf("largest story %s: %d rows, want %d", largest.ID, len(rows), largest.Size)
	}
	b.screenshot(page, "", "report-saudinewsnet.png", "1200,1400")
}

// copyLines writes n lines of a gzipped file to dst: every stride-th
// line from the first (the corpus is sorted by day and source, so a
// stride mixes the sources).
func copyLines(t *testing.T, src, dst string, n, stride int) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	br := bufio.NewReaderSize(zr, 1<<20)
	for i := 0; i < n*stride; i++ {
		line, err := br.ReadBytes('\n')
		if i%stride == 0 {
			out.Write(line)
		}
		if err != nil {
			break
		}
	}
}
