package report

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/samestory/samestory/article"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// Fixtures: the seed example as samestory cluster wrote it, and records
// with hostile text (HTML, JavaScript URLs, bidi overrides, Markdown).
const (
	seedsFile   = "testdata/seeds.clustered.jsonl"
	hostileFile = "testdata/hostile.clustered.jsonl"
)

// Seed article ids.
const (
	seed000 = "000_c1a556307867962f"
	seed001 = "001_3b03d875269a3deb"
	seed002 = "002_397a5b6dceea92fb"
	seed003 = "003_cf6fa2405558f434"
	seed004 = "004_7093d1c00bdbd781"
)

func readFixture(t *testing.T, path string, opts Options) *Report {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Read(f, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func memberIDs(s Story) []string {
	var ids []string
	for _, m := range s.Members {
		ids = append(ids, m.ID)
	}
	return ids
}

func TestSeeds(t *testing.T) {
	r := readFixture(t, seedsFile, Options{})
	if len(r.Stories) != 3 {
		t.Fatalf("%d stories, want 3", len(r.Stories))
	}
	minsk := r.Stories[0]
	if minsk.ID != seed001 || minsk.Size != 3 || minsk.Rank != 1 || minsk.Anchor != "s-"+seed001 {
		t.Errorf("first story = %s (size %d, rank %d, anchor %s), want %s of 3", minsk.ID, minsk.Size, minsk.Rank, minsk.Anchor, seed001)
	}
	if got, want := strings.Join(memberIDs(minsk), " "), seed001+" "+seed002+" "+seed003; got != want {
		t.Errorf("Minsk members = %s, want %s (canonical, then 002 followed by its copy)", got, want)
	}
	if !minsk.Members[0].Canonical || minsk.Members[2].DuplicateOf != seed002 {
		t.Errorf("001 canonical / 003 copy of 002 lost: %+v", minsk.Members)
	}
	if !strings.Contains(minsk.Reason, "fullest") || minsk.Groups != 1 || minsk.Copies != 1 || minsk.Undated != 3 {
		t.Errorf("Minsk story: reason %q, %d groups, %d copies, %d undated", minsk.Reason, minsk.Groups, minsk.Copies, minsk.Undated)
	}
	if minsk.Title != "اخبار العالمسلايد رئيسي" {
		t.Errorf("title = %q", minsk.Title)
	}
	if !strings.HasPrefix(minsk.Members[0].Snippet, "زيارة بوتين إلى بيلاروسيا") {
		t.Errorf("snippet = %q, want the text after the title", minsk.Members[0].Snippet)
	}
	s := r.Summary
	if s.Articles != 5 || s.Stories != 3 || s.Multi != 1 || s.InMulti != 3 || s.Groups != 1 || s.Copies != 1 || s.Largest != 3 || s.Undated != 5 {
		t.Errorf("summary = %+v", s)
	}
	if s.DuplicateRate != 0.2 {
		t.Errorf("duplicate rate = %v, want 0.2", s.DuplicateRate)
	}
	if len(s.Sources) != 1 || s.Sources[0].Name != "" || s.Sources[0].Articles != 5 || s.Sources[0].Canonicals != 1 {
		t.Errorf("sources = %+v, want one unnamed source of 5 articles", s.Sources)
	}
	if r.Timeline != nil {
		t.Errorf("timeline of undated articles = %+v, want none", r.Timeline)
	}
	if len(r.Sizes) != 3 || r.Sizes[0].Stories != 2 || r.Sizes[2].Stories != 1 {
		t.Errorf("sizes = %+v", r.Sizes)
	}
	// Equal sizes: both undated, so by id.
	if r.Stories[1].ID != seed000 || r.Stories[2].ID != seed004 {
		t.Errorf("single stories in order %s, %s", r.Stories[1].ID, r.Stories[2].ID)
	}
}

func TestHostileFixture(t *testing.T) {
	r := readFixture(t, hostileFile, Options{})
	if len(r.Stories) != 3 {
		t.Fatalf("%d stories, want 3", len(r.Stories))
	}
	st := r.Stories[0]
	// The canonical, its copies by time (h3's +03:00 date is h1's time),
	// then the rest.
	if got := strings.Join(memberIDs(st), " "); got != "h1 h3 h2 h4" {
		t.Errorf("members = %s, want h1 h3 h2 h4", got)
	}
	wantFirst := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	wantLast := time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)
	if !st.First.Equal(wantFirst) || !st.Last.Equal(wantLast) {
		t.Errorf("span %v – %v, want %v – %v", st.First, st.Last, wantFirst, wantLast)
	}
	if h3 := st.Members[1]; !h3.Time.Equal(time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)) || h3.Via != "h2" {
		t.Errorf("h3: time %v (want the +03:00 date in UTC), via %q", h3.Time, h3.Via)
	}
	// Outlets: by first publication; h1 and h3 publish at the same time.
	if got := strings.Join(st.Outlets, "|"); got != `evil"><img src=x onerror=alert(1)>|مصدر عربي|example.com|site-`+"\u202E"+`a` {
		t.Errorf("outlets = %q", got)
	}
	// Equal sizes: h6 (dated) before h5 (undated).
	if r.Stories[1].ID != "h6" || r.Stories[2].ID != "h5 <b>" {
		t.Errorf("single stories in order %s, %s; want h6, then the undated h5", r.Stories[1].ID, r.Stories[2].ID)
	}
	h5 := r.Stories[2].Members[0]
	if h5.Title != "<b>bold</b> first line" || h5.Snippet != "second line" {
		t.Errorf("untitled article: title %q, snippet %q", h5.Title, h5.Snippet)
	}
	if h6 := r.Stories[1].Members[0]; h6.Source != "example.org" || h6.Skipped != "no text" {
		t.Errorf("h6: source %q (want the URL's host), skipped %q", h6.Source, h6.Skipped)
	}
	if r.Summary.Skipped != 1 || r.Summary.Undated != 1 || r.Summary.Copies != 2 || r.Summary.Groups != 1 {
		t.Errorf("summary = %+v", r.Summary)
	}
	if r.Unit != "day" || len(r.Timeline) != 5 || r.Timeline[3].Articles != 3 || r.Timeline[3].Copies != 2 {
		t.Errorf("timeline = %s %+v", r.Unit, r.Timeline)
	}
}

// Hostile text is escaped in HTML: no element, attribute or URL comes
// from an article.
func TestHTMLEscaping(t *testing.T) {
	var b bytes.Buffer
	if err := readFixture(t, hostileFile, Options{}).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, bad := range []string{
		"<script>alert", "<img", "<h1>big", "</table><h1>", "<b>bold", "<x>", `c=<x>"'`,
		"onerror=alert(1)>", `href="javascript`,
	} {
		if strings.Contains(page, bad) {
			t.Errorf("page holds %q unescaped", bad)
		}
	}
	for _, want := range []string{
		"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Breaking",
		"evil&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
		"&lt;b&gt;bold&lt;/b&gt; first line",
		"Other text [link](javascript:alert(1)) &lt;/div&gt;&lt;/details&gt;",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks the escaped text %q", want)
		}
	}
	// The only script is the page's own.
	if n := strings.Count(page, "<script"); n != 1 {
		t.Errorf("page has %d <script> tags, want 1", n)
	}
	// A javascript: URL is not linked; a web URL is, escaped.
	if !strings.Contains(page, `<a href="https://example.com/a?b=1&amp;c=%3cx%3e%22%27">`) {
		t.Errorf("the https link is missing or not escaped as expected:\n%s", grepLines(page, "example.com/a"))
	}
}

// A bidi override in article text stays inside the element it came with:
// it is closed before the element ends, and that element isolates.
func TestHTMLBidiIsolation(t *testing.T) {
	var b bytes.Buffer
	if err := readFixture(t, hostileFile, Options{}).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	// Every explicit bidi character must sit in balanced text whose
	// innermost element isolates it: <bdi>, an element with a dir
	// attribute, or a block of its own (a table cell, a div); a link's
	// text counts as its parent's.
	tag := regexp.MustCompile(`<([a-z0-9]+)([^>]*)>([^<]*)`)
	ms := tag.FindAllStringSubmatchIndex(page, -1)
	checked := 0
	for i, m := range ms {
		name, attrs, text := page[m[2]:m[3]], page[m[4]:m[5]], page[m[6]:m[7]]
		if !strings.ContainsFunc(text, isBidiControl) {
			continue
		}
		checked++
		if name == "a" && i > 0 {
			p := ms[i-1]
			name, attrs = page[p[2]:p[3]], page[p[4]:p[5]]
		}
		if name != "bdi" && name != "td" && name != "div" && !strings.Contains(attrs, "dir=") {
			t.Errorf("bidi characters in <%s%s>, which does not isolate them: %+q", name, attrs, text)
		}
		if balanceBidi(text) != text {
			t.Errorf("unbalanced bidi characters in <%s%s>: %+q", name, attrs, text)
		}
	}
	if checked < 4 {
		t.Errorf("found bidi characters in %d places, want at least the title, its link, the outlet and the source", checked)
	}
}

func grepLines(s, sub string) string {
	var out []string
	for l := range strings.Lines(s) {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "")
}

func TestBalanceBidi(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain", "plain"},
		{"\u202Eevil", "\u202Eevil\u202C"},
		{"a\u202Cb", "ab"}, // a PDF closing nothing
		{"a\u2069b", "ab"}, // a PDI closing nothing
		{"\u2067x\u2069y", "\u2067x\u2069y"},
		{"\u2067x\u202Ey\u2069z", "\u2067x\u202Ey\u202C\u2069z"}, // a PDI closes the override inside its isolate
		{"\u202Bx\u2066y\u202C", "\u202Bx\u2066y\u2069\u202C"},   // a PDF cannot close through an isolate
		{"\u2068\u202D", "\u2068\u202D\u202C\u2069"},
	} {
		if got := balanceBidi(c.in); got != c.want {
			t.Errorf("balanceBidi(%+q) = %+q, want %+q", c.in, got, c.want)
		}
	}
}

// The Content-Security-Policy allows no network source, and the page's
// script by its hash only.
func TestHTMLContentSecurityPolicy(t *testing.T) {
	var b bytes.Buffer
	if err := readFixture(t, seedsFile, Options{}).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(page)
	if script == nil {
		t.Fatal("no script")
	}
	sum := sha256.Sum256([]byte(script[1]))
	hash := "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	if csp == nil {
		t.Fatal("no Content-Security-Policy")
	}
	policy := strings.ReplaceAll(csp[1], "&#39;", "'")
	for _, want := range []string{"default-src 'none'", "script-src '" + hash + "'", "img-src data:"} {
		if !strings.Contains(policy, want) {
			t.Errorf("policy %q lacks %q", policy, want)
		}
	}
	for _, bad := range []string{"http:", "https:", "//", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("self-contained page holds %q", bad)
		}
	}
}

func TestMarkdownEscaping(t *testing.T) {
	var b bytes.Buffer
	if err := readFixture(t, hostileFile, Options{}).WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, l := range lines(md) {
		if !strings.HasPrefix(l, "| ") {
			continue
		}
		// Every cell separator is an unescaped "|"; the header row fixes
		// the count.
		cells := regexp.MustCompile(`(^|[^\\])\|`).FindAllString(l, -1)
		if n := len(cells); n != 3 && n != 6 && n != 4 && n != 7 && n != 5 {
			t.Errorf("table row with %d cell separators: %q", n, l)
		}
	}
	for _, bad := range []string{"<script>", "<b>", "](javascript", "[x](y)", "<img", "_under_", "~~strike~~", "`code`", "</div>"} {
		// Unescaped: not preceded by a backslash.
		if regexp.MustCompile(`(^|[^\\])` + regexp.QuoteMeta(bad)).MatchString(md) {
			t.Errorf("Markdown holds %q unescaped", bad)
		}
	}
	for _, want := range []string{`\<script\>alert("x")\</script\> Breaking`, `\| pipe \* star \_under\_ \[x\](y)`, `\#hash \~\~strike\~\~ \$x\$ \&amp; \\ back`} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	// Right-to-left and bidi text is balanced and isolated.
	if !strings.Contains(md, "\u2068\u202Eevil reversed \\| pipe") || !strings.Contains(md, "(y)\u202C\u2069") {
		t.Errorf("the overriding title is not isolated:\n%s", grepLines(md, "evil reversed"))
	}
	if !strings.Contains(md, "\u2068خبر عاجل \u202D بالعربية\u202C\u2069") {
		t.Errorf("the Arabic title is not balanced and isolated:\n%+q", grepLines(md, "خبر"))
	}
}

func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestJSONLines(t *testing.T) {
	var b bytes.Buffer
	r := readFixture(t, hostileFile, Options{})
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	ls := lines(b.String())
	if len(ls) != 3 {
		t.Fatalf("%d lines, want one per story (3)", len(ls))
	}
	var st struct {
		Rank    int      `json:"rank"`
		Story   string   `json:"story"`
		Size    int      `json:"size"`
		Title   string   `json:"title"`
		Outlets []string `json:"outlets"`
		First   string   `json:"first"`
		Last    string   `json:"last"`
		Groups  int      `json:"duplicate_groups"`
		Members []struct {
			ID          string `json:"id"`
			Title       string `json:"title"`
			Published   string `json:"published"`
			DuplicateOf string `json:"duplicate_of"`
			Via         string `json:"via"`
			Canonical   bool   `json:"canonical"`
		} `json:"members"`
	}
	if err := json.Unmarshal([]byte(ls[0]), &st); err != nil {
		t.Fatal(err)
	}
	if st.Rank != 1 || st.Story != "h1" || st.Size != 4 || st.Groups != 1 || st.First != "2024-03-01T10:00:00Z" || st.Last != "2024-03-02T00:00:00Z" {
		t.Errorf("story = %+v", st)
	}
	if m := st.Members[1]; m.ID != "h3" || m.DuplicateOf != "h1" || m.Via != "h2" || m.Published != "2024-03-01T10:00:00Z" {
		t.Errorf("h3 = %+v", m)
	}
	if st.Title != r.Stories[0].Title || !st.Members[0].Canonical {
		t.Errorf("title %q, canonical %v", st.Title, st.Members[0].Canonical)
	}
	if !strings.Contains(ls[0], `"title":"\u003cscript\u003e`) {
		t.Errorf("JSON does not escape < in text: %.200s", ls[0])
	}
}

func TestBadInput(t *testing.T) {
	good := `{"samestory":{"id":"a","story":"a","canonical":true,"duplicate_of":null,"similarity":1}}`
	for _, c := range []struct{ name, input, want string }{
		{"not JSON", good + "\n{oops\n", "report: in.jsonl:2: not JSON"},
		{"not an object", good + "\n[1,2]\n", "report: in.jsonl:2: not a JSON object"},
		{"no annotation", good + "\n\n{\"id\":\"b\"}\n", `report: in.jsonl:3: record has no "samestory" object`},
		{"null annotation", `{"samestory":null}`, `report: in.jsonl:1: record has no "samestory" object`},
		{"no id", `{"samestory":{"story":"a"}}`, "report: in.jsonl:1: samestory.id is missing or empty"},
		{"no story", `{"samestory":{"id":"a"}}`, "report: in.jsonl:1: samestory.story is missing or empty"},
		{"empty duplicate_of", `{"samestory":{"id":"a","story":"a","duplicate_of":""}}`, "report: in.jsonl:1: samestory.duplicate_of is empty"},
		{"bad annotation", `{"samestory":{"id":1,"story":"a"}}`, "report: in.jsonl:1: samestory: "},
		{"duplicate id", good + "\n" + good + "\n", `report: in.jsonl:2: duplicate id "a" (first on line 1)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(c.input), "in.jsonl", Options{})
			if err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("error = %v, want it to start with %q", err, c.want)
			}
			// The same through Write, which never fails itself.
			b := NewBuilder("in.jsonl", Options{})
			if n, werr := b.Write([]byte(c.input)); werr != nil || n != len(c.input) {
				t.Errorf("Write = %d, %v", n, werr)
			}
			if _, err := b.Report(); err == nil || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("Builder error = %v, want it to start with %q", err, c.want)
			}
		})
	}
}

// Records written in pieces of any size, or compressed, or with CRLF line
// ends, make the same report.
func TestInputForms(t *testing.T) {
	raw, err := os.ReadFile(hostileFile)
	if err != nil {
		t.Fatal(err)
	}
	want := jsonOf(t, readFixture(t, hostileFile, Options{}))
	for _, size := range []int{1, 7, 100, 4096} {
		b := NewBuilder(hostileFile, Options{})
		for p := raw; len(p) > 0; {
			n := min(size, len(p))
			b.Write(p[:n])
			p = p[n:]
		}
		r, err := b.Report()
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonOf(t, r); got != want {
			t.Errorf("written in pieces of %d: report differs", size)
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	zs, _ := zstd.NewWriter(nil)
	forms := map[string][]byte{
		"gzip":              gz.Bytes(),
		"zstd":              zs.EncodeAll(raw, nil),
		"crlf":              bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n")),
		"bom, no final eol": append([]byte("\xef\xbb\xbf"), bytes.TrimSuffix(raw, []byte("\n"))...),
	}
	for name, in := range forms {
		r, err := Read(bytes.NewReader(in), hostileFile, Options{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := jsonOf(t, r); got != want {
			t.Errorf("%s: report differs", name)
		}
	}
	// A line longer than the reader's buffer.
	long := `{"title":"` + strings.Repeat("x", 200000) + `","samestory":{"id":"a","story":"a","canonical":true}}`
	r, err := Read(strings.NewReader(long), "long", Options{Snippet: -1})
	if err != nil || len(r.Stories) != 1 || len(r.Stories[0].Title) != 200000 {
		t.Errorf("long line: %v", err)
	}
}

func jsonOf(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFieldOptions(t *testing.T) {
	in := `{"headline":"H","body":["one","two"],"when":"21/07/2015","outlet":"O","link":"https://x.example/1","samestory":{"id":"a","story":"a","canonical":true}}`
	r, err := Read(strings.NewReader(in), "in", Options{Fields: article.Fields{Date: "when"}, Layouts: []string{"02/01/2006"}, Snippet: 5})
	if err != nil {
		t.Fatal(err)
	}
	m := r.Stories[0].Members[0]
	if m.Title != "H" || m.Snippet != "one t…" || m.Source != "O" || m.URL != "https://x.example/1" ||
		!m.Time.Equal(time.Date(2015, 7, 21, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("member = %+v", m)
	}
}

func TestTimelineUnits(t *testing.T) {
	day := time.Date(2024, 1, 3, 5, 0, 0, 0, time.UTC) // a Wednesday
	for _, c := range []struct {
		days  int
		unit  string
		first time.Time
		n     int
	}{
		{0, "day", time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC), 1},
		{119, "day", time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC), 120},
		{120, "week", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 18},
		{1000, "month", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 33},
	} {
		ms := []Member{{Time: day}, {Time: day.AddDate(0, 0, c.days), DuplicateOf: "x"}, {}}
		unit, bs := timeline(ms)
		if unit != c.unit || len(bs) != c.n || !bs[0].Start.Equal(c.first) {
			t.Errorf("%d days: %s × %d from %v, want %s × %d from %v", c.days, unit, len(bs), bs[0].Start, c.unit, c.n, c.first)
			continue
		}
		total, copies := 0, 0
		for _, b := range bs {
			total += b.Articles
			copies += b.Copies
		}
		if total != 2 || copies != 1 || bs[len(bs)-1].Articles == 0 {
			t.Errorf("%d days: %d articles, %d copies counted (last bucket %+v)", c.days, total, copies, bs[len(bs)-1])
		}
	}
}

// Stories are sorted by size, then the most recent first, undated last,
// then by id.
func TestStoryOrder(t *testing.T) {
	rec := func(id, story, date string) string {
		return `{"published":"` + date + `","samestory":{"id":"` + id + `","story":"` + story + `","canonical":` +
			map[bool]string{true: "true", false: "false"}[id == story] + `}}` + "\n"
	}
	in := rec("a", "a", "2024-01-01") + rec("b", "b", "2024-01-05") + rec("c", "c", "") + rec("d", "d", "2024-01-05") +
		rec("e", "e", "2024-01-02") + rec("e2", "e", "2024-01-03")
	r, err := Read(strings.NewReader(in), "in", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range r.Stories {
		got = append(got, s.ID)
	}
	if strings.Join(got, " ") != "e b d a c" {
		t.Errorf("order = %v, want e b d a c", got)
	}
}

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		name string
		want Format
	}{{"html", HTML}, {"HTM", HTML}, {"md", Markdown}, {"markdown", Markdown}, {"json", JSON}, {"jsonl", JSON}} {
		if f, err := ParseFormat(c.name); err != nil || f != c.want {
			t.Errorf("ParseFormat(%q) = %v, %v", c.name, f, err)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.HasPrefix(err.Error(), "report: ") {
		t.Errorf("ParseFormat(pdf) error = %v", err)
	}
	for path, want := range map[string]Format{"a/r.html": HTML, "r.MD": Markdown, "r.jsonl": JSON, "r.txt": 0, "report": 0} {
		f, ok := FormatOf(path)
		if f != want || ok != (want != 0) {
			t.Errorf("FormatOf(%q) = %v, %v", path, f, ok)
		}
	}
}

func TestEmptyReport(t *testing.T) {
	r, err := Read(strings.NewReader("\n\n"), "empty", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{HTML, Markdown, JSON} {
		var b bytes.Buffer
		if err := r.Write(&b, f); err != nil {
			t.Errorf("%v: %v", f, err)
		}
		if f == JSON && b.Len() != 0 {
			t.Errorf("JSON of no stories = %q", b.String())
		}
	}
}

// The golden reports of the fixtures; go test -update rewrites them.
func TestGolden(t *testing.T) {
	for _, fixture := range []string{seedsFile, hostileFile} {
		r := readFixture(t, fixture, Options{})
		name := strings.TrimSuffix(filepath.Base(fixture), ".clustered.jsonl")
		for _, f := range []Format{HTML, Markdown, JSON} {
			var b bytes.Buffer
			if err := r.Write(&b, f); err != nil {
				t.Fatal(err)
			}
			ext := map[Format]string{HTML: ".html", Markdown: ".md", JSON: ".jsonl"}[f]
			golden := filepath.Join("testdata", "golden", name+ext)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from %s; run go test -update after checking the change", f, golden)
			}
		}
	}
}

// The change records of cluster --index DIR --emit-changes describe
// earlier articles, not the batch: they are left out of every figure, and
// counted; the HTML and Markdown reports say so.
func TestChangeRecords(t *testing.T) {
	batch := `{"id":"n1","title":"New one","published":"2024-05-01T08:00:00Z","samestory":{"id":"n1","story":"s1","canonical":true,"duplicate_of":null,"similarity":1,"similar_to":"n1"}}
{"id":"n2","title":"New two","published":"2024-05-01T09:00:00Z","samestory":{"id":"n2","story":"s1","canonical":false,"duplicate_of":"n1","similarity":0.9,"similar_to":"n1"}}
{"id":"n3","title":"Other","published":"2024-05-02T08:00:00Z","samestory":{"id":"n3","story":"s5","canonical":true,"duplicate_of":null,"similarity":1,"similar_to":"n3"}}
`
	changes := `{"id":"old1","samestory":{"id":"old1","change":"canonical","story":"s1","previous_story":"s1","story_size":4,"canonical":false,"story_canonical":"n1","previous_story_canonical":"old1","duplicate_of":"n1"}}
{"id":"old2","samestory":{"id":"old2","change":"merged","story":"s1","previous_story":"s3","merged_from":["s3"],"story_size":4,"canonical":false,"story_canonical":"n1","previous_story_canonical":"old2","duplicate_of":null}}
{"id":"old3","samestory":{"id":"old3","change":"merged","story":"s9","previous_story":"s4","merged_from":["s4"],"story_size":2,"canonical":true,"story_canonical":"old3","previous_story_canonical":"old4","duplicate_of":null}}
`
	want, err := Read(strings.NewReader(batch), "in", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want.Summary.ChangeRecords != 0 {
		t.Fatalf("no change records, yet ChangeRecords = %d", want.Summary.ChangeRecords)
	}
	// Read, and a Builder fed in pieces, as cluster --report feeds it.
	got, err := Read(strings.NewReader(batch+changes), "in", Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder("in", Options{})
	for _, l := range strings.SplitAfter(batch+changes, "\n") {
		b.Write([]byte(l))
	}
	built, err := b.Report()
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Report{"Read": got, "Builder": built} {
		s := r.Summary
		if s.Articles != 3 || s.Stories != 2 || s.Undated != 0 || s.Copies != 1 || s.Largest != 2 || s.ChangeRecords != 3 {
			t.Errorf("%s: summary = %+v; want 3 articles in 2 stories, none undated, 3 change records", name, s)
		}
		if jsonOf(t, r) != jsonOf(t, want) {
			t.Errorf("%s: stories differ from those of the batch alone:\n%s\nwant\n%s", name, jsonOf(t, r), jsonOf(t, want))
		}
		total := 0
		for _, x := range r.Timeline {
			total += x.Articles
		}
		if total != 3 {
			t.Errorf("%s: timeline counts %d articles, want 3", name, total)
		}
	}
	note := "3 change records (--emit-changes) left out: they describe earlier articles, not this batch."
	for _, f := range []Format{HTML, Markdown} {
		var with, without bytes.Buffer
		if err := got.Write(&with, f); err != nil {
			t.Fatal(err)
		}
		if err := want.Write(&without, f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(with.String(), note) {
			t.Errorf("%v report does not say %q", f, note)
		}
		if strings.Contains(without.String(), "change record") {
			t.Errorf("%v report without change records mentions them", f)
		}
	}
	one, err := Read(strings.NewReader(batch+strings.SplitAfter(changes, "\n")[0]), "in", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	one.WriteMarkdown(&md)
	if !strings.Contains(md.String(), "\n1 change record (--emit-changes) left out:") {
		t.Errorf("one change record: %s", grepLines(md.String(), "change record"))
	}
}

// The HTML and Markdown reports show the same snippets: none for copies
// nor for single-article stories.
func TestSnippetsAgree(t *testing.T) {
	for _, fixture := range []string{seedsFile, hostileFile} {
		r := readFixture(t, fixture, Options{})
		var page, md bytes.Buffer
		if err := r.WriteHTML(&page); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteMarkdown(&md); err != nil {
			t.Fatal(err)
		}
		htmlSnippets := strings.Count(page.String(), "<div class=s dir=auto>")
		mdSnippets := 0
		for _, l := range lines(md.String()) {
			if strings.HasPrefix(l, "| ") && strings.Contains(l, "<br>id ") {
				mdSnippets += strings.Count(l, "<br>") - 1 // the id follows the last one
			}
		}
		want := 0
		for _, st := range r.Stories {
			for _, m := range st.Members {
				if m.Snippet != "" && st.Size > 1 && (m.Canonical || m.DuplicateOf == "") {
					want++
				}
			}
		}
		if want == 0 || htmlSnippets != want || mdSnippets != want {
			t.Errorf("%s: %d snippets in HTML, %d in Markdown; want %d (>0) in both", fixture, htmlSnippets, mdSnippets, want)
		}
	}
}
