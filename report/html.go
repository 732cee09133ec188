package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS,
// inline SVG charts and a small inline script (a filter box, expand and
// collapse buttons, opening the story named in the address's #anchor).
// The address may name a story (report.html#s-ID opens it) or a filter
// (report.html?q=words). The page fetches nothing: its
// Content-Security-Policy allows no network
// source, and only its own script (by hash). All text from articles is
// escaped by html/template, and shown in isolating elements (dir="auto",
// <bdi>) after its bidi formatting characters are balanced, so right-to-left
// text displays correctly and cannot reorder the page around it. Stories of
// two or more articles are collapsed <details> elements with an id each
// (Story.Anchor); single-article stories are rows of one collapsed table.
// Article bodies are not included: titles, and snippets for the articles
// of stories of two or more that are not copies, keep the page light (a
// report of 31,030 articles is about 18 MB).
func (r *Report) WriteHTML(w io.Writer) error {
	t, err := template.New("page").Parse(pageHTML)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := t.Execute(bw, r.htmlView()); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// htmlPage is what the page template shows.
type htmlPage struct {
	*Report
	CSP       string
	Style     template.CSS
	Script    template.JS
	Meta      string
	Cards     []card
	Sources   []htmlSource
	Timeline  *chart
	SizeChart *chart
	Undated   string
	Changes   string // change records left out
	Multi     []htmlStory
	Singles   []htmlRow

	MultiCount, SingleCount string
}

type card struct{ Label, Value, Note string }

type htmlSource struct {
	Name                                            string
	Articles, Copies, Rate, Stories, Canonicals, Of string
}

type htmlStory struct {
	Anchor, ID, Title, Size, Span, Reason, Meta string
	Outlets                                     []string
	Rows                                        []htmlRow
}

// htmlRow is a member of a story, or a single-article story.
type htmlRow struct {
	N, ID, Anchor, Class, Title, Snippet, Source, Time string
	Link                                               string
	Sim, Relation, Evidence, Nearest                   string
}

func (r *Report) htmlView() htmlPage {
	p := htmlPage{Report: r, Style: template.CSS(pageCSS), Script: template.JS(pageJS)}
	sum := sha256.Sum256([]byte(pageJS))
	p.CSP = "default-src 'none'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
	s := r.Summary
	p.Meta = plural(s.Articles, "article", "articles")
	if !s.First.IsZero() {
		p.Meta += ", published " + span(s.First, s.Last) + " UTC"
	}
	p.Cards = []card{
		{"articles", count(s.Articles), ""},
		{"stories", count(s.Stories), ""},
		{"stories of 2+ articles", count(s.Multi), plural(s.InMulti, "article", "articles")},
		{"duplicate groups", count(s.Groups), ""},
		{"copies", count(s.Copies), "articles that copy another"},
		{"duplicate rate", percent(s.DuplicateRate), "copies / articles"},
		{"largest story", plural(s.Largest, "article", "articles"), ""},
		{"sources", count(len(s.Sources)), ""},
	}
	if s.Undated > 0 {
		p.Cards = append(p.Cards, card{"undated", count(s.Undated), "no usable date"})
	}
	if s.Skipped > 0 {
		p.Cards = append(p.Cards, card{"not grouped", count(s.Skipped), "no text"})
	}
	p.Changes = changeNote(s.ChangeRecords)
	for _, x := range s.Sources {
		p.Sources = append(p.Sources, htmlSource{
			Name: balanceBidi(sourceName(x.Name)), Articles: count(x.Articles), Copies: count(x.Copies),
			Rate: percent(x.DuplicateRate), Stories: count(x.Stories), Canonicals: count(x.Canonicals),
		})
	}
	p.Timeline = timelineChart(r.Unit, r.Timeline)
	if s.Undated > 0 && s.Undated < s.Articles {
		p.Undated = plural(s.Undated, "undated article is", "undated articles are") + " not shown."
	}
	p.SizeChart = sizeChart(r.Sizes)
	for i := range r.Stories {
		st := &r.Stories[i]
		if st.Size == 1 {
			p.Singles = append(p.Singles, singleRow(st))
			continue
		}
		p.Multi = append(p.Multi, storyView(st))
	}
	p.MultiCount, p.SingleCount = count(len(p.Multi)), count(len(p.Singles))
	return p
}

func storyView(st *Story) htmlStory {
	v := htmlStory{
		Anchor: st.Anchor, ID: balanceBidi(st.ID), Title: balanceBidi(st.Title),
		Size: plural(st.Size, "article", "articles"), Span: span(st.First, st.Last),
		Reason: st.Reason,
	}
	for _, o := range st.Outlets {
		v.Outlets = append(v.Outlets, balanceBidi(o))
	}
	var meta []string
	if len(st.Outlets) > 0 {
		meta = append(meta, plural(len(st.Outlets), "outlet", "outlets"))
	}
	if st.Groups > 0 {
		meta = append(meta, plural(st.Groups, "duplicate group", "duplicate groups")+" ("+plural(st.Copies, "copy", "copies")+")")
	}
	if st.Undated > 0 && st.Undated < st.Size {
		meta = append(meta, count(st.Undated)+" undated")
	}
	v.Meta = strings.Join(meta, " · ")
	rows := rowNumbers(st)
	for i := range st.Members {
		m := &st.Members[i]
		row := memberRow(m, false)
		row.N = fmt.Sprint(i + 1)
		switch {
		case m.Canonical:
			row.Class = "canon"
		case m.DuplicateOf != "":
			row.Class = "copy"
		}
		row.Sim = simTo(m, rows)
		row.Relation = relation(st, i, rows)
		row.Evidence = evidence(m)
		v.Rows = append(v.Rows, row)
	}
	return v
}

func singleRow(st *Story) htmlRow {
	m := &st.Members[0]
	row := memberRow(m, true)
	row.N = fmt.Sprint(st.Rank)
	row.Anchor = st.Anchor
	row.Class = "single"
	if m.Nearest != "" {
		row.Nearest = score(m.NearestSim) + " to " + balanceBidi(m.Nearest)
	}
	if m.Skipped != "" {
		row.Relation = "not grouped: " + m.Skipped
	}
	return row
}

// memberRow is a member's row; single says it is a single-article story.
func memberRow(m *Member, single bool) htmlRow {
	return htmlRow{
		ID: balanceBidi(m.ID), Title: balanceBidi(m.Title), Snippet: balanceBidi(shownSnippet(m, single)),
		Source: balanceBidi(m.Source), Time: stamp(m.Time),
		Link: webLink(m.URL),
	}
}

// webLink returns u when it is an http or https URL, else "".
func webLink(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}

// The page. Rows are kept on one line each: a report may hold tens of
// thousands of them.
const pageHTML = `<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="generator" content="samestory report">
<title>{{.Title}}</title>
<link rel="icon" href="data:,">
<style>{{.Style}}</style>
</head>
<body>
<header>
<h1 dir="auto">{{.Title}}</h1>
<p class="mut"><span dir="auto">{{.Input}}</span> · {{.Meta}} · times in UTC</p>
<nav><a href="#summary">Summary</a> <a href="#charts">Charts</a> <a href="#stories">Stories</a>{{if .Singles}} <a href="#singles">Single-article stories</a>{{end}}</nav>
</header>
<section id="summary">
<h2>Summary</h2>
<dl class="cards">{{range .Cards}}<div><dt>{{.Label}}</dt><dd>{{.Value}}</dd>{{if .Note}}<dd class="note">{{.Note}}</dd>{{end}}</div>{{end}}</dl>
{{with .Changes}}<p class="mut" id="changes">{{.}}</p>
{{end}}<h3>Sources</h3>
<div class="scroll"><table class="sources">
<thead><tr><th>source</th><th class="n">articles</th><th class="n">copies</th><th class="n">duplicate rate</th><th class="n" title="stories of two or more articles it covered">stories covered</th><th class="n" title="stories of two or more articles where its article is the canonical">canonical in</th></tr></thead>
<tbody>
{{range .Sources}}<tr><td dir="auto">{{.Name}}</td><td class="n">{{.Articles}}</td><td class="n">{{.Copies}}</td><td class="n">{{.Rate}}</td><td class="n">{{.Stories}}</td><td class="n">{{.Canonicals}}</td></tr>
{{end}}</tbody></table></div>
</section>
<section id="charts">
<h2>Charts</h2>
<div class="charts">
<figure>{{if .Timeline}}{{template "chart" .Timeline}}
<figcaption>Articles per {{.Unit}} (UTC): <span class="key a"></span> originals and articles without copies, <span class="key c"></span> copies.{{with .Undated}} {{.}}{{end}}</figcaption>{{else}}<p class="empty">No article has a date: no timeline.</p>{{end}}</figure>
<figure>{{with .SizeChart}}{{template "chart" .}}{{end}}
<figcaption>Stories by number of articles (bar heights on a logarithmic scale).</figcaption></figure>
</div>
</section>
<section id="stories">
<h2>Stories of two or more articles ({{.MultiCount}})</h2>
<p class="mut">Largest first, then the most recent. Rows are numbered within each story: #1 is the canonical; a copy names the original of its near-duplicate group, and the member it was found through (via).</p>
<div class="tools" id="tools" hidden><input id="q" type="search" placeholder="Filter stories by title, outlet or id" aria-label="Filter stories"> <button type="button" id="expand">Expand all</button> <button type="button" id="collapse">Collapse all</button> <span id="count" class="mut" aria-live="polite"></span></div>
{{range .Multi}}<details class="story" id="{{.Anchor}}" data-story="{{.ID}}"><summary><span class="sz">{{.Size}}</span><span class="t" dir="auto">{{.Title}}</span><span class="meta">{{.Span}} · {{.Meta}}</span></summary>
<div class="body"><p class="why">Canonical: <span dir="auto">{{.Reason}}</span> · <a href="#{{.Anchor}}">link</a> · story <code dir="auto">{{.ID}}</code></p>
{{if .Outlets}}<p class="outlets">Outlets: {{range $i, $o := .Outlets}}{{if $i}}, {{end}}<bdi>{{$o}}</bdi>{{end}}</p>{{end}}
<table class="mem"><thead><tr><th>#</th><th>article</th><th>source</th><th>published</th><th>similarity</th><th>relation</th></tr></thead><tbody>
{{range .Rows}}<tr{{with .Class}} class="{{.}}"{{end}}><td>{{.N}}{{template "article" .}}<td dir=auto>{{.Source}}<td>{{.Time}}<td>{{.Sim}}<td>{{.Relation}}{{with .Evidence}}<div class=e>{{.}}</div>{{end}}</tr>
{{end}}</tbody></table></div></details>
{{else}}<p class="empty">No story has more than one article.</p>
{{end}}</section>
{{if .Singles}}<section id="singles">
<h2>Single-article stories ({{.SingleCount}})</h2>
<details id="singles-list"><summary>Show the {{.SingleCount}} articles that are stories of their own</summary>
<table class="mem one"><thead><tr><th>#</th><th>article</th><th>source</th><th>published</th><th>nearest article</th></tr></thead><tbody>
{{range .Singles}}<tr class=g id="{{.Anchor}}"><td>{{.N}}{{template "article" .}}<td dir=auto>{{.Source}}<td>{{.Time}}<td class=e>{{.Nearest}}{{with .Relation}} {{.}}{{end}}</tr>
{{end}}</tbody></table></details>
</section>{{end}}
<footer class="mut">Made by samestory report.</footer>
<script>{{.Script}}</script>
</body>
</html>
{{define "article"}}<td class=a dir=auto>{{if .Link}}<a href="{{.Link}}">{{.Title}}</a>{{else}}{{.Title}}{{end}}{{with .Snippet}}<div class=s dir=auto>{{.}}</div>{{end}}<div class=i>{{.ID}}</div>{{end}}
{{define "chart"}}<svg viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Label}}">
{{range .Grid}}<line class="ax" x1="{{.X1}}" x2="{{.X2}}" y1="{{.Y}}" y2="{{.Y}}"/><text x="44" y="{{.LabelY}}" text-anchor="end">{{.Text}}</text>
{{end}}{{range .Groups}}<g><title>{{.Tip}}</title>{{range .Rects}}<rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"/>{{end}}{{with .Text}}<text x="{{.X}}" y="{{.Y}}" text-anchor="{{.Anchor}}">{{.Text}}</text>{{end}}</g>
{{end}}{{range .XTicks}}<text x="{{.X}}" y="{{.Y}}" text-anchor="{{.Anchor}}">{{.Text}}</text>
{{end}}<text x="4" y="10" class="yt">{{.YTitle}}</text>
</svg>{{end}}`

const pageCSS = `
:root{--fg:#1d2329;--mut:#5c6670;--bg:#fff;--panel:#f3f5f7;--line:#dde2e7;--acc:#2f6fab;--copy:#d9822b;--canon:#2e8540}
@media (prefers-color-scheme:dark){:root{--fg:#e4e8ec;--mut:#9aa5b0;--bg:#15181b;--panel:#1f2429;--line:#343c45;--acc:#6fa8df;--copy:#eea15b;--canon:#5cc27a}}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:1200px;padding:1rem 1.25rem 3rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Naskh Arabic","Noto Sans Arabic",Tahoma,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.5rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}
a{color:var(--acc)}
nav a{margin-inline-end:1rem}
.mut,.note,figcaption,.meta{color:var(--mut)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.6rem;margin:0}
.cards div{background:var(--panel);border-radius:6px;padding:.45rem .75rem}
.cards dt{font-size:.8rem;color:var(--mut)}
.cards dd{margin:0;font-size:1.25rem;font-weight:600}
.cards dd.note{font-size:.75rem;font-weight:400}
table{border-collapse:collapse;width:100%}
th,td{padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;text-align:start}
th{font-size:.8rem;color:var(--mut);font-weight:600;white-space:nowrap}
.n{text-align:end;font-variant-numeric:tabular-nums;white-space:nowrap}
.scroll{max-height:24rem;overflow:auto}
.charts{display:grid;grid-template-columns:3fr 2fr;gap:1.5rem}
@media (max-width:800px){.charts{grid-template-columns:1fr}}
figure{margin:0}
svg{width:100%;height:auto;display:block}
svg .a,.key.a{fill:var(--acc);background:var(--acc)}
svg .c,.key.c{fill:var(--copy);background:var(--copy)}
svg .ax{stroke:var(--line)}
svg text{fill:var(--mut);font-size:11px}
figcaption{font-size:.85rem}
.key{display:inline-block;width:.8em;height:.8em;vertical-align:-.05em}
.tools{position:sticky;top:0;z-index:1;background:var(--bg);padding:.5rem 0;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
.tools input{flex:1;min-width:14rem;font:inherit;padding:.35rem .6rem;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg)}
button{font:inherit;padding:.3rem .7rem;border:1px solid var(--line);border-radius:4px;background:var(--panel);color:var(--fg);cursor:pointer}
details.story{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;content-visibility:auto;contain-intrinsic-size:auto 3rem}
details>summary{cursor:pointer;list-style:none}
details>summary::-webkit-details-marker{display:none}
details>summary::before{content:"▸";color:var(--mut);margin-inline-end:.4rem}
details[open]>summary::before{content:"▾"}
details.story>summary{padding:.45rem .7rem;display:flex;gap:.3rem .8rem;align-items:baseline;flex-wrap:wrap}
details.story[open]>summary{background:var(--panel)}
.sz{font-weight:600;white-space:nowrap;font-variant-numeric:tabular-nums}
summary .t{flex:1 1 20rem;font-weight:600}
.meta{font-size:.85rem}
.body{padding:.2rem .7rem .7rem}
.why,.outlets{margin:.4rem 0}
code{font:.78rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.mem td:first-child,.mem th:first-child{text-align:end;font-variant-numeric:tabular-nums}
.mem td:nth-child(4){white-space:nowrap;font-variant-numeric:tabular-nums}
.mem:not(.one) td:nth-child(5){text-align:end;white-space:nowrap;font-variant-numeric:tabular-nums}
.s{font-size:.85rem;color:var(--mut)}
.i{font:.78rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--mut);direction:ltr;unicode-bidi:isolate;text-align:match-parent}
.e{font-size:.8rem;color:var(--mut)}
tr.canon>td:first-child{border-left:3px solid var(--canon);font-weight:600}
tr.copy>td.a{border-left:3px solid var(--copy);padding-left:1.2rem}
#singles-list>summary{padding:.4rem 0}
.empty{color:var(--mut);font-style:italic}
`

// pageJS runs after the page is parsed. It must not fail: the browser
// test checks that it sets data-ok on <body> and logs nothing.
const pageJS = `(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("error", function () { body.setAttribute("data-error", "1"); });
  var items = Array.prototype.slice.call(document.querySelectorAll("details.story, tr.g"));
  var singles = document.getElementById("singles-list");
  var q = document.getElementById("q");
  var countEl = document.getElementById("count");
  var texts = null;
  var timer = 0;
  function filter() {
    var s = q.value.trim().toLowerCase();
    if (texts === null) {
      texts = items.map(function (e) { return e.textContent.toLowerCase(); });
    }
    var shown = 0, singleShown = 0;
    for (var i = 0; i < items.length; i++) {
      var hit = s === "" || texts[i].indexOf(s) >= 0;
      items[i].hidden = !hit;
      if (hit) {
        shown++;
        if (items[i].tagName === "TR") { singleShown++; }
      }
    }
    countEl.textContent = s === "" ? "" : shown + " of " + items.length + " stories match";
    if (singles && s !== "" && singleShown > 0) { singles.open = true; }
  }
  function setOpen(open) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].tagName === "DETAILS" && !items[i].hidden) { items[i].open = open; }
    }
  }
  function reveal() {
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var el = id ? document.getElementById(id) : null;
    if (!el) { return; }
    el.hidden = false;
    for (var d = el; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") { d.open = true; }
    }
    el.scrollIntoView();
  }
  if (q) {
    q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(filter, 150); });
    document.getElementById("expand").addEventListener("click", function () { setOpen(true); });
    document.getElementById("collapse").addEventListener("click", function () { setOpen(false); });
    document.getElementById("tools").hidden = false;
    var m = /[?&]q=([^&#]*)/.exec(location.search);
    if (m) {
      try { q.value = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { q.value = ""; }
      filter();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
  window.addEventListener("load", function () {
    body.setAttribute("data-load-ms", String(Math.round(performance.now())));
  });
  body.setAttribute("data-ok", String(items.length));
})();`
