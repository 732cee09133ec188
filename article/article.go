// Package article reads and writes the records samestory works on: JSON
// Lines files (plain, gzip or zstd, recognised by their first bytes),
// standard input, and folders of .txt files. It exists because input and
// output formats are a concern of their own, apart from comparing texts
// (shingle, minhash) and grouping them (cluster).
//
// Reading is streaming and position-aware: every record carries the file
// and line it came from, a record that cannot be used is reported with
// that position and reading goes on, and records are delivered in a fixed
// order (inputs in the order given, folder entries sorted by name), so
// that two passes over the same inputs see the same records in the same
// order. Writing passes each input record through byte for byte and only
// appends samestory's own object to it.
package article

import (
	"fmt"
	"strings"
	"time"
)

// Pos is where a record starts: a file (or "-" for standard input) and a
// 1-based line number. For a .txt file the line is 1.
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Article is what samestory reads from one record.
type Article struct {
	ID     string
	Title  string
	Text   string
	Source string
	URL    string
	// Published is the publication time in UTC, or the zero Time when the
	// record has none or it could not be parsed (see DateErr).
	Published time.Time
	// DateErr says why a date that was present could not be used; the
	// article is then treated as undated, never given a guessed date.
	DateErr error
}

// Fields names the JSON fields an article's parts are read from. An empty
// name means "the usual names": the first of Candidates that the record
// has.
type Fields struct {
	ID, Title, Text, Date, Source, URL string
}

// Candidates returns the field names tried, in order, for one part of an
// article ("id", "title", "text", "date", "source" or "url") when no name
// was given.
func Candidates(part string) []string {
	switch part {
	case "id":
		return []string{"id", "_id", "doc_id", "article_id", "guid", "uuid"}
	case "title":
		return []string{"title", "headline"}
	case "text":
		return []string{"text", "content", "body", "maintext", "article_text", "full_text"}
	case "date":
		return []string{"published", "date", "published_at", "date_published", "date_publish",
			"publish_date", "pubdate", "date_extracted", "datetime", "created_at", "timestamp"}
	case "source":
		return []string{"source", "site", "source_domain", "domain", "publisher", "outlet"}
	case "url":
		return []string{"url", "link", "canonical_url", "href"}
	}
	return nil
}

// fieldNames are the field names to try for each part of an article:
// the one given, or the candidates. A parser works them out once, not
// for every record.
type fieldNames struct {
	id, title, text, date, source, url []string
}

func (f Fields) names() *fieldNames {
	pick := func(given, part string) []string {
		if given != "" {
			return []string{given}
		}
		return Candidates(part)
	}
	return &fieldNames{
		id:     pick(f.ID, "id"),
		title:  pick(f.Title, "title"),
		text:   pick(f.Text, "text"),
		date:   pick(f.Date, "date"),
		source: pick(f.Source, "source"),
		url:    pick(f.URL, "url"),
	}
}

// DefaultLayouts are the date layouts understood without configuration:
// RFC 3339 (with or without fractional seconds), "2006-01-02 15:04:05"
// (with or without a zone: "2006-01-02 15:04:05+03:00"),
// "2006-01-02T15:04:05" and "2006-01-02" (read as UTC without a zone),
// and RFC 1123 with a numeric zone or one of the zone names of RFC 822
// (UT, GMT, EST, EDT, CST, CDT, MST, MDT, PST, PDT).
func DefaultLayouts() []string {
	return []string{
		time.RFC3339Nano,
		"2006-01-02 15:04:05",
		"2006-01-02T15:04:05",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02",
		time.RFC1123Z,
		time.RFC1123,
	}
}

// ParseDate parses s with the given layouts (DefaultLayouts when none),
// trying each in turn. Times without a zone are taken as UTC; the result is
// in UTC. It never guesses: a string no layout matches is an error.
func ParseDate(s string, layouts []string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("article: empty date")
	}
	if len(layouts) == 0 {
		layouts = DefaultLayouts()
	}
	for _, l := range layouts {
		t, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		if l == time.RFC1123 || l == time.RFC850 || l == time.ANSIC || l == time.UnixDate {
			// A zone abbreviation: time.Parse makes up an offset of 0
			// for names it does not know. Only names with a fixed,
			// well-known offset are taken.
			name, _ := t.Zone()
			off, ok := zoneOffset(name)
			if !ok {
				return time.Time{}, fmt.Errorf("article: date %q: unknown time zone %q", clip(s, 40), name)
			}
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, off))
		}
		u := t.UTC()
		if u.Year() < 1 || u.Year() > 9999 {
			break
		}
		return u, nil
	}
	return time.Time{}, fmt.Errorf("article: unparseable date %q", clip(s, 40))
}

// zoneOffset returns the offset of the zone abbreviations RFC 822 names:
// UT, GMT and the North American zones.
func zoneOffset(name string) (int, bool) {
	const h = 3600
	switch name {
	case "UT", "UTC", "GMT", "Z":
		return 0, true
	case "EST":
		return -5 * h, true
	case "EDT":
		return -4 * h, true
	case "CST":
		return -6 * h, true
	case "CDT":
		return -5 * h, true
	case "MST":
		return -7 * h, true
	case "MDT":
		return -6 * h, true
	case "PST":
		return -8 * h, true
	case "PDT":
		return -7 * h, true
	}
	return 0, false
}

// clip shortens s for an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
