package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is a report's output format.
type Format int

// The formats.
const (
	HTML     Format = iota + 1 // one self-contained page
	Markdown                   // headings and tables
	JSON                       // JSON Lines: one object per story
)

func (f Format) String() string {
	switch f {
	case HTML:
		return "html"
	case Markdown:
		return "md"
	case JSON:
		return "json"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ParseFormat reads a format name, in any case and with spaces around
// it ignored: html (or htm), md (or markdown), json (or jsonl or
// ndjson).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "html", "htm":
		return HTML, nil
	case "md", "markdown":
		return Markdown, nil
	case "json", "jsonl", "ndjson":
		return JSON, nil
	}
	return 0, fmt.Errorf("report: unknown format %q (want html, md or json)", s)
}

// FormatOf returns the format a file name's extension asks for: .html
// or .htm, .md or .markdown, .json, .jsonl or .ndjson; false for any
// other name.
func FormatOf(path string) (Format, bool) {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if ext == "" {
		return 0, false
	}
	f, err := ParseFormat(ext)
	return f, err == nil
}

// Write writes the report in format f.
func (r *Report) Write(w io.Writer, f Format) error {
	switch f {
	case HTML:
		return r.WriteHTML(w)
	case Markdown:
		return r.WriteMarkdown(w)
	case JSON:
		return r.WriteJSON(w)
	}
	return fmt.Errorf("report: unknown format %v", f)
}

// WriteJSON writes the stories as JSON Lines, one object per story, in
// the report's order: rank, story (its id), anchor, size, title, reason,
// outlets, first, last, undated, duplicate_groups, copies and members,
// each member with id, title, snippet, source, url, published,
// canonical, duplicate_of, via, copies, similarity, similar_to,
// resemblance, containment, nearest, nearest_similarity, reason and
// skipped (empty members left out). Times are RFC 3339 in UTC. Text is
// written as read, bidi characters included.
func (r *Report) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	for i := range r.Stories {
		if err := enc.Encode(&r.Stories[i]); err != nil {
			return fmt.Errorf("report: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}
