package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// errNotObject is returned for a JSON value that is not an object.
var errNotObject = errors.New("not a JSON object")

// Key is the name of the object samestory adds to every output record.
const Key = "samestory"

// member is one key/value pair of a JSON object, as spans of the record.
type member struct {
	key        []byte // raw key including its quotes
	start, end int    // the whole member: from the key's opening quote to the value's end
	val        []byte // raw value
}

// members splits a JSON object that validJSON accepted into its
// top-level members. It relies on the input being valid JSON.
func members(obj []byte, dst []member) ([]member, error) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return dst, errNotObject
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return dst, nil
	}
	for i < len(obj) {
		ks := i
		ke := skipString(obj, i)
		i = skipSpace(obj, ke)
		i = skipSpace(obj, i+1) // ':'
		vs := i
		ve := skipValue(obj, i)
		dst = append(dst, member{key: obj[ks:ke], start: ks, end: ve, val: obj[vs:ve]})
		i = skipSpace(obj, ve)
		if i >= len(obj) || obj[i] == '}' {
			break
		}
		i = skipSpace(obj, i+1) // ','
	}
	return dst, nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index just past the string starting at b[i].
func skipString(b []byte, i int) int {
	i++
	for i < len(b) {
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		switch {
		case i >= len(b):
			return i
		case b[i] == '"':
			return i + 1
		}
		i += 2 // an escape
	}
	return i
}

// skipValue returns the index just past the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return i
	default:
		for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
			i++
		}
		return i
	}
}

// keyIs reports whether a raw JSON key (with quotes) names name.
func keyIs(raw []byte, name string) bool {
	if len(raw) == len(name)+2 && string(raw[1:len(raw)-1]) == name {
		return true
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return false
	}
	var k string
	return json.Unmarshal(raw, &k) == nil && k == name
}

// lookup returns the value of the first of names the object has with a
// value other than null.
func lookup(ms []member, names []string) (name string, val []byte, ok bool) {
	for _, n := range names {
		for j := len(ms) - 1; j >= 0; j-- { // the last of repeated keys wins, as in encoding/json
			if keyIs(ms[j].key, n) {
				if string(ms[j].val) == "null" {
					break
				}
				return n, ms[j].val, true
			}
		}
	}
	return "", nil, false
}

// lookupDate is lookup for dates: an empty or blank string counts as no
// value, as null does.
func lookupDate(ms []member, names []string) (name string, val []byte, ok bool) {
	for _, n := range names {
		for j := len(ms) - 1; j >= 0; j-- {
			if keyIs(ms[j].key, n) {
				v := ms[j].val
				if string(v) == "null" {
					break
				}
				if v[0] == '"' {
					if s, err := decodeString(v); err == nil && strings.TrimSpace(s) == "" {
						break
					}
				}
				return n, ms[j].val, true
			}
		}
	}
	return "", nil, false
}

// decodeString decodes a JSON string value (validJSON accepted it). Bytes
// that are not valid UTF-8 become U+FFFD, as encoding/json does, so the
// result is always valid UTF-8. It copies the text once, whatever its
// length: a huge text costs its own size, not twice or three times.
func decodeString(v []byte) (string, error) { return decodeUTF8String(v, false) }

// decodeUTF8String is decodeString; valid tells that v is known to be
// valid UTF-8, so that it need not be checked again.
func decodeUTF8String(v []byte, valid bool) (string, error) {
	body, err := stringBody(v)
	if err != nil {
		return "", err
	}
	if bytes.IndexByte(body, '\\') < 0 && (valid || utf8.Valid(body)) {
		return string(body), nil
	}
	var b strings.Builder
	b.Grow(len(body))
	if err := unquote(&b, body, valid); err != nil {
		return "", err
	}
	return b.String(), nil
}

// appendUTF8String is decodeUTF8String, appending the text to dst.
func appendUTF8String(dst, v []byte, valid bool) ([]byte, error) {
	body, err := stringBody(v)
	if err != nil {
		return dst, err
	}
	if bytes.IndexByte(body, '\\') < 0 && (valid || utf8.Valid(body)) {
		return append(dst, body...), nil
	}
	b := byteWriter{slices.Grow(dst, len(body))}
	err = unquote(&b, body, valid)
	return b.b, err
}

// stringBody returns what is between the quotes of a JSON string.
func stringBody(v []byte) ([]byte, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return nil, errors.New("want a string")
	}
	return v[1 : len(v)-1], nil
}

// textWriter is where unquote writes: a strings.Builder, or a byteWriter.
type textWriter interface {
	Write([]byte) (int, error)
	WriteByte(byte) error
	WriteRune(rune) (int, error)
	WriteString(string) (int, error)
}

// byteWriter appends what is written to b.
type byteWriter struct{ b []byte }

func (w *byteWriter) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }
func (w *byteWriter) WriteByte(c byte) error      { w.b = append(w.b, c); return nil }
func (w *byteWriter) WriteRune(r rune) (int, error) {
	n := len(w.b)
	w.b = utf8.AppendRune(w.b, r)
	return len(w.b) - n, nil
}
func (w *byteWriter) WriteString(s string) (int, error) { w.b = append(w.b, s...); return len(s), nil }

// unquote writes to w the text of the JSON string whose body (without
// its quotes) is body, its escapes undone and, unless valid tells that
// body is valid UTF-8, each byte that is not valid UTF-8 as U+FFFD.
func unquote[W textWriter](b W, body []byte, valid bool) error {
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '\\':
			if i+1 >= len(body) {
				return errors.New("bad escape")
			}
			i++
			switch body[i] {
			case '"', '\\', '/':
				b.WriteByte(body[i])
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := hex4(body[i+1:])
				if !ok {
					return errors.New("bad \\u escape")
				}
				i += 4
				if utf16.IsSurrogate(r) {
					// A high surrogate followed by a low one is one
					// character; a lone surrogate is U+FFFD.
					r2, ok := rune(-1), false
					if i+2 < len(body) && body[i+1] == '\\' && body[i+2] == 'u' {
						r2, ok = hex4(body[i+3:])
					}
					if d := utf16.DecodeRune(r, r2); ok && d != utf8.RuneError {
						r = d
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b.WriteRune(r)
			default:
				return errors.New("bad escape")
			}
			i++
		default:
			// A run of valid text up to the next escape is copied whole.
			end := bytes.IndexByte(body[i:], '\\')
			if end < 0 {
				end = len(body) - i
			}
			run := body[i : i+end]
			i += end
			if valid || utf8.Valid(run) {
				b.Write(run)
				continue
			}
			writeReplacingInvalid(b, run)
		}
	}
	return nil
}

// hex4 reads the four hex digits of a \u escape.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// decodeText decodes a string, or an array of strings joined by line
// breaks (some corpora store paragraphs that way).
func decodeText(v []byte, valid bool) (string, error) {
	if len(v) > 0 && v[0] == '[' {
		var parts []string
		if err := json.Unmarshal(v, &parts); err != nil {
			return "", errors.New("want a string or an array of strings")
		}
		return strings.Join(parts, "\n"), nil
	}
	if len(v) == 0 || v[0] != '"' {
		return "", errors.New("want a string")
	}
	return decodeUTF8String(v, valid)
}

// appendText is decodeText, appending the text to dst.
func appendText(dst, v []byte, valid bool) ([]byte, error) {
	if len(v) > 0 && v[0] == '[' {
		s, err := decodeText(v, valid)
		return append(dst, s...), err
	}
	if len(v) == 0 || v[0] != '"' {
		return dst, errors.New("want a string")
	}
	return appendUTF8String(dst, v, valid)
}

// invalidUTF8 counts the bytes of b that are not part of a valid UTF-8
// sequence.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			n++
		}
		i += size
	}
	return n
}

// replaceInvalid returns b as a string with each byte that is not part of
// a valid UTF-8 sequence replaced by U+FFFD, as encoding/json does.
func replaceInvalid(b []byte) string {
	var s strings.Builder
	s.Grow(len(b))
	writeReplacingInvalid(&s, b)
	return s.String()
}

// writeReplacingInvalid writes b to s with each byte that is not part of
// a valid UTF-8 sequence replaced by U+FFFD.
func writeReplacingInvalid[W textWriter](s W, b []byte) {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			s.WriteString("\uFFFD")
		} else {
			s.Write(b[i : i+size])
		}
		i += size
	}
}

// StrayBytes is how many bytes of a title or text that are not UTF-8
// samestory reads as U+FFFD rather than rejecting the record: at most
// StrayBytes of them, or fewer than one byte in StrayShare. More, and the
// text is taken to be in another encoding.
const (
	StrayBytes = 3
	StrayShare = 100
)

// notUTF8 says whether a title or text of n bytes, bad of them not valid
// UTF-8, is in some other encoding rather than valid UTF-8 with a few
// stray bytes (a character cut in two by a crawler).
func notUTF8(bad, n int) bool {
	return bad > StrayBytes && bad*StrayShare >= n
}

// RecordError is why a record was rejected. Key names the kind of reason
// (for counting reasons: "not valid JSON", "no id", "duplicate id", …).
type RecordError struct {
	key, msg string
}

func (e *RecordError) Error() string { return e.msg }

// Key is the kind of reason, without the details of one record.
func (e *RecordError) Key() string { return e.key }

func recordErr(key, format string, a ...any) error {
	return &RecordError{key: key, msg: fmt.Sprintf(format, a...)}
}

// parseJSON reads an Article from one JSON Lines record, looking for its
// parts under names. Every string of an Article it returns without an
// error is valid UTF-8. Given out, it puts the title and text there
// instead of into the Article.
func parseJSON(raw []byte, names *fieldNames, layouts []string, scratch []member, out *textOut) (Article, []member, error) {
	var a Article
	if out != nil {
		out.buf, out.title = out.buf[:0], 0
	}
	// One pass checks the record, notes whether it is all UTF-8 and
	// gathers its members.
	check := jsonCheck{collect: true, members: scratch[:0]}
	if !check.valid(raw) {
		return a, check.members, recordErr("not valid JSON", "not valid JSON%s", jsonErrorDetail(raw))
	}
	allUTF8, ms := !check.notUTF8, check.members
	// The bytes a field holds are checked for UTF-8 only when the record
	// is not all valid UTF-8 (seldom).
	invalid := func(v []byte) int {
		if allUTF8 {
			return 0
		}
		return invalidUTF8(v)
	}
	if i := skipSpace(raw, 0); raw[i] != '{' {
		return a, ms, recordErr("not a JSON object", "%v", errNotObject)
	}
	var err error
	name, v, ok := lookup(ms, names.id)
	if !ok {
		return a, ms, recordErr("no id", "no id (looked for %s)", quoteList(names.id))
	}
	switch {
	case v[0] == '"':
		if invalid(v) > 0 {
			return a, ms, recordErr("id not UTF-8", "field %q: id is not valid UTF-8", name)
		}
		a.ID, err = decodeString(v)
		if err == nil && strings.TrimSpace(a.ID) == "" {
			err = errors.New("empty")
		}
	case v[0] == '-' || v[0] >= '0' && v[0] <= '9':
		a.ID = string(v) // a number keeps its literal spelling
	default:
		err = errors.New("want a string or a number")
	}
	if err != nil {
		return a, ms, recordErr("bad id", "field %q: id %v", name, err)
	}
	fields := [...]struct {
		part  string
		names []string
		text  bool // title or text: rejected when not UTF-8
	}{{"title", names.title, true}, {"text", names.text, true}, {"source", names.source, false}, {"url", names.url, false}}
	var vals [len(fields)]string
	for k, p := range fields {
		if name, v, ok := lookup(ms, p.names); ok {
			bad := invalid(v)
			if p.text && notUTF8(bad, len(v)) {
				return a, ms, recordErr("not UTF-8", "field %q: %s is not UTF-8 (%d of %d bytes are not valid UTF-8): "+
					"is it Windows-1256, Latin-1 or another legacy encoding? Convert it first, e.g. iconv -f WINDOWS-1256 -t UTF-8",
					name, p.part, bad, len(v))
			}
			if p.text && out != nil {
				out.buf, err = appendText(out.buf, v, bad == 0)
				if err != nil {
					return a, ms, recordErr("bad field", "field %q: %v", name, err)
				}
				if k == 0 {
					out.title = len(out.buf)
				}
				continue
			}
			s, err := decodeText(v, bad == 0)
			if err != nil {
				return a, ms, recordErr("bad field", "field %q: %v", name, err)
			}
			vals[k] = s
		}
	}
	a.Title, a.Text, a.Source, a.URL = vals[0], vals[1], vals[2], vals[3]
	// An empty date is no date, as null is: crawls write both.
	if name, v, ok := lookupDate(ms, names.date); ok {
		if v[0] != '"' {
			a.DateErr = fmt.Errorf("field %q: date is not a string", name)
		} else if s, err := decodeString(v); err != nil {
			a.DateErr = fmt.Errorf("field %q: %v", name, err)
		} else if a.Published, err = ParseDate(s, layouts); err != nil {
			a.DateErr = fmt.Errorf("field %q: %w", name, err)
		}
	}
	if a.Source == "" && a.URL != "" {
		a.Source = hostOf(a.URL)
	}
	return a, ms, nil
}

// textOut is where parseJSON puts a record's title and text when asked
// (see Parser.ParseText): buf[:title] is the title, buf[title:] the text.
type textOut struct {
	buf   []byte
	title int
}

// jsonErrorDetail describes what is wrong with an invalid JSON record.
func jsonErrorDetail(raw []byte) string {
	var v any
	err := json.Unmarshal(raw, &v)
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf(" (%s at byte %d)", se.Error(), se.Offset)
	case err != nil:
		return " (" + err.Error() + ")"
	}
	return ""
}

// hostOf returns the host part of a URL, without "www.", or "".
func hostOf(u string) string {
	_, rest, ok := strings.Cut(u, "://")
	if !ok {
		return ""
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	host = strings.ToLower(strings.TrimPrefix(strings.ToLower(host), "www."))
	if !utf8.ValidString(host) {
		return ""
	}
	return host
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
