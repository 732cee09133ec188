package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/samestory/samestory/article"
)

// Builder collects cluster output records, one line at a time (Add) or as
// a stream of bytes (Write), and builds the Report. The change records of
// "cluster --index DIR --emit-changes" (those whose "samestory" object
// has a "change") describe earlier articles, not the batch: they are left
// out, and only counted (Summary.ChangeRecords).
type Builder struct {
	opts    Options
	name    string
	line    int
	partial []byte
	err     error
	seen    map[string]int // id → line
	members []Member
	changes int // change records (--emit-changes) left out
	scratch map[string]json.RawMessage
}

// NewBuilder returns a Builder for records read from name (a file name,
// or "-" for standard input, used in error messages).
func NewBuilder(name string, opts Options) *Builder {
	if opts.Input == "" {
		opts.Input = name
	}
	return &Builder{opts: opts, name: name, seen: map[string]int{}}
}

// Write takes a stream of records, splitting it into lines, so that a
// Builder can be handed the output of samestory cluster as it is written
// (e.g. through io.MultiWriter). It never fails, so that it cannot stop
// the writer it listens to: the first bad record is reported by Report.
// Only the line being read is held in memory.
func (b *Builder) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			b.partial = append(b.partial, p...)
			break
		}
		if len(b.partial) > 0 {
			b.partial = append(b.partial, p[:i]...)
			b.addLine(b.partial)
			b.partial = b.partial[:0]
		} else {
			b.addLine(p[:i])
		}
		p = p[i+1:]
	}
	return n, nil
}

// Add takes one line of cluster output (without its line break). Blank
// lines are skipped. It returns the error of a bad line, positioned as
// "report: FILE:LINE: …"; after an error the Builder takes no more
// records.
func (b *Builder) Add(line []byte) error {
	b.addLine(line)
	return b.err
}

func (b *Builder) addLine(line []byte) {
	b.line++
	if b.err != nil {
		return
	}
	line = bytes.TrimSuffix(line, []byte("\r"))
	if b.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return
	}
	m, err := b.parse(line)
	if _, ok := err.(changeRecord); ok {
		b.changes++
		return
	}
	if err != nil {
		b.err = fmt.Errorf("report: %s:%d: %w", b.name, b.line, err)
		return
	}
	if first, dup := b.seen[m.ID]; dup {
		b.err = fmt.Errorf("report: %s:%d: duplicate id %q (first on line %d)", b.name, b.line, m.ID, first)
		return
	}
	b.seen[m.ID] = b.line
	b.members = append(b.members, m)
}

// changeRecord is parse's answer for a change record: not an article
// of the batch, left out of the report and only counted.
type changeRecord struct{}

func (changeRecord) Error() string { return "change record" }

// annotation is the part of the "samestory" object the report reads.
type annotation struct {
	ID          string   `json:"id"`
	Story       string   `json:"story"`
	Canonical   bool     `json:"canonical"`
	DuplicateOf *string  `json:"duplicate_of"`
	Copies      int      `json:"copies"`
	Similarity  float64  `json:"similarity"`
	SimilarTo   string   `json:"similar_to"`
	Resemblance float64  `json:"resemblance"`
	Containment float64  `json:"containment"`
	Via         string   `json:"via"`
	Nearest     *nearest `json:"nearest"`
	Reason      string   `json:"reason"`
	Skipped     string   `json:"skipped"`
	// Change is set only in the records "cluster --index DIR
	// --emit-changes" writes after the new ones, one per earlier article
	// whose story id or canonical changed ("merged", "canonical", …).
	Change string `json:"change"`
}

type nearest struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"`
}

// parse reads the report's parts of one record.
func (b *Builder) parse(line []byte) (Member, error) {
	var m Member
	if b.scratch == nil {
		b.scratch = map[string]json.RawMessage{}
	}
	obj := b.scratch
	clear(obj)
	if err := json.Unmarshal(line, &obj); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return m, errors.New("not a JSON object")
		}
		return m, fmt.Errorf("not JSON: %v", err)
	}
	raw, ok := obj["samestory"]
	if !ok || bytes.Equal(raw, []byte("null")) {
		return m, errors.New(`record has no "samestory" object (is this the output of samestory cluster?)`)
	}
	var a annotation
	if err := json.Unmarshal(raw, &a); err != nil {
		return m, fmt.Errorf("samestory: %v", err)
	}
	if a.Change != "" {
		// An earlier article, as the index now places it: it belongs
		// to an earlier batch, not to this one.
		return m, changeRecord{}
	}
	switch {
	case a.ID == "":
		return m, errors.New("samestory.id is missing or empty")
	case a.Story == "":
		return m, errors.New("samestory.story is missing or empty")
	case a.DuplicateOf != nil && *a.DuplicateOf == "":
		return m, errors.New("samestory.duplicate_of is empty (want an id or null)")
	}
	m = Member{
		ID: a.ID, story: a.Story, line: b.line,
		Canonical: a.Canonical, Via: a.Via, Copies: a.Copies,
		Similarity: a.Similarity, SimilarTo: a.SimilarTo,
		Resemblance: a.Resemblance, Containment: a.Containment,
		Reason: a.Reason, Skipped: a.Skipped,
	}
	if a.DuplicateOf != nil {
		m.DuplicateOf = *a.DuplicateOf
	}
	if a.Nearest != nil {
		m.Nearest, m.NearestSim = a.Nearest.ID, a.Nearest.Similarity
	}
	f := b.opts.Fields
	m.Title = oneLine(textField(obj, f.Title, "title", 0))
	m.URL = strings.TrimSpace(textField(obj, f.URL, "url", 0))
	m.Source = oneLine(textField(obj, f.Source, "source", 0))
	if m.Source == "" {
		m.Source = hostOf(m.URL)
	}
	if d := textField(obj, f.Date, "date", 0); d != "" {
		if t, err := article.ParseDate(d, b.opts.Layouts); err == nil {
			m.Time = t
		}
	}
	if n := b.snippetLen(); n > 0 || m.Title == "" {
		// Only the start of the text is decoded: the snippet is short.
		text := textField(obj, f.Text, "text", 2*snippetBytes(n, len(m.Title)))
		if m.Title == "" {
			m.Title = clip(oneLine(firstLine(text)), 120)
		}
		if n > 0 {
			m.Snippet = snippet(text, m.Title, n)
		}
	}
	return m, nil
}

func (b *Builder) snippetLen() int {
	switch {
	case b.opts.Snippet == 0:
		return DefaultSnippet
	case b.opts.Snippet < 0:
		return 0
	}
	return b.opts.Snippet
}

// textField returns the string value of the named field, or of the first
// usual field for part the record has; a text given as an array of strings
// is joined by line breaks. Other values give "". With max > 0, a string
// longer than max bytes in JSON is decoded only as far.
func textField(obj map[string]json.RawMessage, name, part string, max int) string {
	names := []string{name}
	if name == "" {
		names = article.Candidates(part)
	}
	for _, n := range names {
		v, ok := obj[n]
		if !ok {
			continue
		}
		if s, ok := stringPrefix(v, max); ok {
			return s
		}
		var ss []string
		if json.Unmarshal(v, &ss) == nil {
			return strings.Join(ss, "\n")
		}
		return ""
	}
	return ""
}

// stringPrefix decodes the JSON string v, or, when max > 0 and v is
// longer, only its first max bytes or so, cut between two characters.
func stringPrefix(v []byte, max int) (string, bool) {
	if len(v) < 2 || v[0] != '"' {
		return "", false
	}
	var s string
	if max <= 0 || len(v) <= max {
		err := json.Unmarshal(v, &s)
		return s, err == nil
	}
	i := 1
	for i < max {
		switch {
		case v[i] == '\\' && i+1 < len(v) && v[i+1] == 'u':
			i += 6
		case v[i] == '\\':
			i += 2
		default:
			i++
		}
	}
	if i >= len(v)-1 {
		err := json.Unmarshal(v, &s)
		return s, err == nil
	}
	for i > 1 && v[i]&0xC0 == 0x80 {
		i-- // not inside a UTF-8 sequence
	}
	cut := make([]byte, 0, i+1)
	cut = append(append(cut, v[:i]...), '"')
	err := json.Unmarshal(cut, &s)
	return s, err == nil
}

// hostOf returns the host of an http(s) URL without "www.", or "".
func hostOf(u string) string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		rest = rest[i+1:]
	}
	host := strings.TrimPrefix(strings.ToLower(rest), "www.")
	if !utf8.ValidString(host) {
		return ""
	}
	return host
}

// oneLine collapses runs of white space (line breaks included) into one
// space and trims the ends.
func oneLine(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r >= utf8.RuneSelf && unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// firstLine returns the first non-blank line of s.
func firstLine(s string) string {
	for l := range strings.Lines(s) {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// clip shortens s to at most n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, k := 0, 0
	for i = range s {
		if k == n {
			break
		}
		k++
	}
	return strings.TrimRightFunc(s[:i], unicode.IsSpace) + "…"
}

// snippetBytes bounds the bytes of text a snippet of n characters after
// a title of titleLen bytes is looked for in.
func snippetBytes(n, titleLen int) int { return 6*n + 2*titleLen + 128 }

// snippet is the start of text on one line, without a leading title.
func snippet(text, title string, n int) string {
	// Look at a bounded prefix only: the snippet is short.
	limit := snippetBytes(n, len(title))
	if len(text) > limit {
		for limit > 0 && text[limit]&0xC0 == 0x80 {
			limit--
		}
		text = text[:limit]
	}
	s := oneLine(text)
	if title != "" {
		s = strings.TrimSpace(strings.TrimPrefix(s, strings.TrimSuffix(title, "…")))
	}
	return clip(s, n)
}

// Report builds the report from the records added so far. It returns the
// first bad record's error, if any.
func (b *Builder) Report() (*Report, error) {
	if len(b.partial) > 0 {
		b.addLine(b.partial)
		b.partial = nil
	}
	if b.err != nil {
		return nil, b.err
	}
	r := build(b.members, b.opts)
	r.Summary.ChangeRecords = b.changes
	return r, nil
}

// Read reads cluster output from r (plain, gzip or zstd, told apart by
// the first bytes) and builds its report. name is used in error messages.
func Read(r io.Reader, name string, opts Options) (*Report, error) {
	src, _, done, err := article.Decompressed(bufio.NewReaderSize(r, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", name, err)
	}
	defer done()
	b := NewBuilder(name, opts)
	lr := bufio.NewReaderSize(src, 1<<16)
	var line []byte
	for {
		chunk, isPrefix, err := lr.ReadLine()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("report: %s:%d: %w", name, b.line+1, err)
		}
		if isPrefix || len(line) > 0 {
			line = append(line, chunk...)
			if isPrefix {
				continue
			}
			chunk = line
		}
		if err := b.Add(chunk); err != nil {
			return nil, err
		}
		line = line[:0]
	}
	return b.Report()
}
