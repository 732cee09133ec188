package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the report as Markdown (CommonMark with GitHub
// tables), for a wiki or a pull request: the summary and the sources as
// tables, articles per day and story sizes as tables, then one section per
// story of two or more articles and one table of the single-article
// stories. As in the HTML report, snippets are shown only for the articles
// of stories of two or more that are not copies. Text from articles is put
// on one line, its Markdown and HTML characters (\ ` * _ [ ] < > | ~ & $ #
// !) escaped with a backslash, and, when it holds right-to-left or bidi
// formatting characters, balanced and wrapped in an isolate (U+2068 …
// U+2069) so that it cannot reorder the text around it.
func (r *Report) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	s := r.Summary

	p("# %s\n\n", mdText(r.Title))
	meta := plural(s.Articles, "article", "articles")
	if !s.First.IsZero() {
		meta += ", published " + span(s.First, s.Last) + " UTC"
	}
	p("From %s · %s · times in UTC\n\n", mdText(r.Input), meta)

	p("## Summary\n\n| | |\n|---|---:|\n")
	p("| articles | %s |\n| stories | %s |\n", count(s.Articles), count(s.Stories))
	p("| stories of 2+ articles | %s (%s) |\n", count(s.Multi), plural(s.InMulti, "article", "articles"))
	p("| duplicate groups | %s |\n| copies | %s |\n", count(s.Groups), count(s.Copies))
	p("| duplicate rate (copies / articles) | %s |\n", percent(s.DuplicateRate))
	p("| largest story | %s |\n| sources | %s |\n", plural(s.Largest, "article", "articles"), count(len(s.Sources)))
	if s.Undated > 0 {
		p("| undated | %s |\n", count(s.Undated))
	}
	if s.Skipped > 0 {
		p("| not grouped (no text) | %s |\n", count(s.Skipped))
	}
	if note := changeNote(s.ChangeRecords); note != "" {
		p("\n%s\n", note)
	}

	p("\n### Sources\n\n| source | articles | copies | duplicate rate | stories covered | canonical in |\n|---|---:|---:|---:|---:|---:|\n")
	for _, x := range s.Sources {
		p("| %s | %s | %s | %s | %s | %s |\n", mdText(sourceName(x.Name)), count(x.Articles), count(x.Copies),
			percent(x.DuplicateRate), count(x.Stories), count(x.Canonicals))
	}

	p("\n## Articles per %s\n\n", r.Unit)
	if len(r.Timeline) == 0 {
		p("No article has a date.\n")
	} else {
		p("| %s (UTC) | articles | copies |\n|---|---:|---:|\n", r.Unit)
		for _, b := range r.Timeline {
			p("| %s | %s | %s |\n", b.Start.Format("2006-01-02"), count(b.Articles), count(b.Copies))
		}
		if s.Undated > 0 {
			p("\n%s not counted.\n", plural(s.Undated, "undated article is", "undated articles are"))
		}
	}

	p("\n## Story sizes\n\n| articles in story | stories | articles |\n|---|---:|---:|\n")
	for _, b := range r.Sizes {
		p("| %s | %s | %s |\n", b.Label(), count(b.Stories), count(b.Articles))
	}

	multi := 0
	for i := range r.Stories {
		if r.Stories[i].Size > 1 {
			multi++
		}
	}
	p("\n## Stories of two or more articles (%d)\n\n", multi)
	if multi == 0 {
		p("No story has more than one article.\n")
	} else {
		p("Largest first, then the most recent. Rows are numbered within each story: #1 is the canonical; a copy names the original of its near-duplicate group, and the member it was found through (via).\n")
	}
	var singles []*Story
	for i := range r.Stories {
		st := &r.Stories[i]
		if st.Size == 1 {
			singles = append(singles, st)
			continue
		}
		p("\n### %d. %s (%s)\n\n", st.Rank, mdText(st.Title), plural(st.Size, "article", "articles"))
		p("- Canonical: %s\n", mdText(st.Reason))
		outlets := make([]string, len(st.Outlets))
		for k, o := range st.Outlets {
			outlets[k] = mdText(o)
		}
		if len(outlets) == 0 {
			outlets = []string{"none named"}
		}
		p("- Outlets (%d): %s\n", len(st.Outlets), strings.Join(outlets, ", "))
		p("- Published: %s", span(st.First, st.Last))
		if st.Undated > 0 && st.Undated < st.Size {
			p(" (%d undated)", st.Undated)
		}
		p("\n- Story: %s", mdText(st.ID))
		if st.Groups > 0 {
			p("; %s (%s)", plural(st.Groups, "duplicate group", "duplicate groups"), plural(st.Copies, "copy", "copies"))
		}
		p("\n\n| # | article | source | published | similarity | relation |\n|---:|---|---|---|---:|---|\n")
		rows := rowNumbers(st)
		for k := range st.Members {
			m := &st.Members[k]
			rel := relation(st, k, rows)
			if ev := evidence(m); ev != "" {
				rel += " (" + ev + ")"
			}
			p("| %d | %s | %s | %s | %s | %s |\n", k+1, mdArticle(m, false), mdText(m.Source), stamp(m.Time), simTo(m, rows), mdText(rel))
		}
	}
	if len(singles) > 0 {
		p("\n## Single-article stories (%d)\n\n| # | article | source | published | nearest article |\n|---:|---|---|---|---|\n", len(singles))
		for _, st := range singles {
			m := &st.Members[0]
			near := ""
			if m.Nearest != "" {
				near = score(m.NearestSim) + " to " + mdText(m.Nearest)
			}
			if m.Skipped != "" {
				near = strings.TrimSpace(near + " not grouped: " + mdText(m.Skipped))
			}
			p("| %d | %s | %s | %s | %s |\n", st.Rank, mdArticle(m, true), mdText(m.Source), stamp(m.Time), near)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// mdArticle is a member's table cell: its title (a link when it has a web
// URL), its snippet (as the HTML report shows it: see shownSnippet) and
// its id; single says it is a single-article story.
func mdArticle(m *Member, single bool) string {
	title := mdText(m.Title)
	if u := webLink(m.URL); u != "" {
		title = "[" + title + "](<" + mdURL(u) + ">)"
	}
	cell := title
	if sn := shownSnippet(m, single); sn != "" {
		cell += "<br>" + mdText(sn)
	}
	return cell + "<br>id " + mdText(m.ID)
}

// mdURL makes a URL safe inside <…> link destinations: no spaces, angle
// brackets or line breaks.
func mdURL(u string) string {
	return strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", "\n", "", "\r", "", "|", "%7C").Replace(u)
}

// mdText puts text on one line and escapes it for Markdown (see
// WriteMarkdown).
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	rtl := false
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|~&$#!", r) {
			b.WriteByte('\\')
		}
		if isRTL(r) || isBidiControl(r) {
			rtl = true
		}
		b.WriteRune(r)
	}
	if !rtl {
		return b.String()
	}
	return string(fsi) + balanceBidi(b.String()) + string(pdi)
}

// isRTL tells the letters of right-to-left scripts (Hebrew, Arabic,
// Syriac, Thaana, N'Ko and their presentation forms).
func isRTL(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFC
}
