package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Explicit bidirectional formatting characters.
const (
	lre, rle, pdf, lro, rlo = '\u202A', '\u202B', '\u202C', '\u202D', '\u202E'
	lri, rli, fsi, pdi      = '\u2066', '\u2067', '\u2068', '\u2069'
)

// balanceBidi returns s with its explicit bidi formatting characters
// balanced: a closer (PDF, PDI) that closes nothing is dropped, and the
// embeddings, overrides and isolates s leaves open are closed at its end.
// Text from articles is balanced before it is shown, so that inside an
// isolating element (<bdi>, dir="auto", an FSI…PDI pair) an override
// cannot reach beyond the text it came with.
func balanceBidi(s string) string {
	if !strings.ContainsFunc(s, isBidiControl) {
		return s
	}
	var b strings.Builder
	var open []rune // embeddings/overrides and isolates, innermost last
	for _, r := range s {
		switch r {
		case lre, rle, lro, rlo, lri, rli, fsi:
			open = append(open, r)
		case pdf:
			if len(open) == 0 || isIsolate(open[len(open)-1]) {
				continue // closes nothing (an isolate must be closed first)
			}
			open = open[:len(open)-1]
		case pdi:
			i := len(open) - 1
			for i >= 0 && !isIsolate(open[i]) {
				i--
			}
			if i < 0 {
				continue // no isolate to close
			}
			// A PDI closes the embeddings opened inside its isolate too.
			for k := len(open) - 1; k > i; k-- {
				b.WriteRune(pdf)
			}
			open = open[:i]
		}
		b.WriteRune(r)
	}
	for i := len(open) - 1; i >= 0; i-- {
		if isIsolate(open[i]) {
			b.WriteRune(pdi)
		} else {
			b.WriteRune(pdf)
		}
	}
	return b.String()
}

func isBidiControl(r rune) bool {
	return r >= lre && r <= rlo || r >= lri && r <= pdi
}

func isIsolate(r rune) bool { return r == lri || r == rli || r == fsi }

// stamp formats a time for people: "2015-07-21 02:47" (UTC), or "" for
// the zero time.
func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// span is "first – last" (or one time, or "undated").
func span(first, last time.Time) string {
	switch {
	case first.IsZero():
		return "undated"
	case first.Equal(last):
		return stamp(first)
	case first.Format("2006-01-02") == last.Format("2006-01-02"):
		return stamp(first) + "–" + last.Format("15:04")
	}
	return stamp(first) + " – " + stamp(last)
}

// score formats a 0–1 score with two decimals.
func score(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// percent formats a share as "12.3%".
func percent(v float64) string {
	if math.IsNaN(v) {
		v = 0
	}
	return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
}

// count formats an integer with thousands separators: 31,030.
func count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// plural is "1 article", "2 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return count(n) + " " + many
}

// relation says how member i of s relates to the others, naming them by
// their row number (#1 is the canonical): "canonical", "copy of #2 via
// #4", "original of 3 copies", "same story".
func relation(s *Story, i int, rows map[string]int) string {
	m := &s.Members[i]
	ref := func(id string) string {
		if n, ok := rows[id]; ok {
			return fmt.Sprintf("#%d", n)
		}
		return id
	}
	var parts []string
	switch {
	case m.Canonical:
		parts = append(parts, "canonical")
	case m.DuplicateOf != "":
		p := "copy of " + ref(m.DuplicateOf)
		if m.Via != "" && m.Via != m.DuplicateOf {
			p += " via " + ref(m.Via)
		}
		parts = append(parts, p)
	case m.Copies == 0 && m.Skipped == "":
		parts = append(parts, "same story")
	}
	if m.Copies > 0 {
		parts = append(parts, "original of "+plural(m.Copies, "copy", "copies"))
	}
	if m.Skipped != "" {
		parts = append(parts, "not grouped: "+m.Skipped)
	}
	return strings.Join(parts, "; ")
}

// evidence gives a copy's shingle figures, or "".
func evidence(m *Member) string {
	if m.DuplicateOf == "" {
		return ""
	}
	return "resemblance " + score(m.Resemblance) + ", containment " + score(m.Containment)
}

// simTo is a member's similarity and what it is to: "0.43 to #2"; "" for
// the canonical (similar to itself).
func simTo(m *Member, rows map[string]int) string {
	if m.SimilarTo == "" || m.SimilarTo == m.ID {
		return ""
	}
	if n, ok := rows[m.SimilarTo]; ok {
		return fmt.Sprintf("%s to #%d", score(m.Similarity), n)
	}
	return score(m.Similarity) + " to " + m.SimilarTo
}

// rowNumbers maps the ids of a story's members to their 1-based rows.
func rowNumbers(s *Story) map[string]int {
	rows := make(map[string]int, len(s.Members))
	for i, m := range s.Members {
		rows[m.ID] = i + 1
	}
	return rows
}

// sourceName is how an empty source is shown.
func sourceName(s string) string {
	if s == "" {
		return "(no source)"
	}
	return s
}

// bucketLabel is a timeline bucket's short label.
func bucketLabel(unit string, t time.Time) string {
	switch unit {
	case "month":
		return t.Format("Jan 2006")
	case "week":
		return "week of " + t.Format("Jan 2")
	}
	return t.Format("Jan 2")
}

// changeNote says, when n > 0, that n change records were left out (see
// Summary.ChangeRecords); else "".
func changeNote(n int) string {
	if n <= 0 {
		return ""
	}
	return plural(n, "change record", "change records") +
		" (--emit-changes) left out: they describe earlier articles, not this batch."
}

// shownSnippet is the snippet a member's row shows in the HTML and
// Markdown reports: none for a copy (its text is its original's) nor for
// a single-article story (most of a corpus: kept short). JSON keeps them
// all.
func shownSnippet(m *Member, single bool) string {
	if single || !m.Canonical && m.DuplicateOf != "" {
		return ""
	}
	return m.Snippet
}
