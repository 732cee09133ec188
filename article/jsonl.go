package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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

// members splits a JSON object that json.Valid accepted into its top-level
// members. It relies on the input being valid JSON.
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
		switch b[i] {
		case '\\':
			i += 2
		case '"':
			return i + 1
		default:
			i++
		}
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

// decodeString decodes a JSON string value.
func decodeString(v []byte) (string, error) {
	if len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1]), nil
	}
	var s string
	err := json.Unmarshal(v, &s)
	return s, err
}

// decodeText decodes a string, or an array of strings joined by line
// breaks (some corpora store paragraphs that way).
func decodeText(v []byte) (string, error) {
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
	return decodeString(v)
}

// parseJSON reads an Article from one JSON Lines record.
func parseJSON(raw []byte, f Fields, layouts []string, scratch []member) (Article, []member, error) {
	var a Article
	if !json.Valid(raw) {
		return a, scratch, errors.New("not valid JSON" + jsonErrorDetail(raw))
	}
	ms, err := members(raw, scratch[:0])
	if err != nil {
		return a, ms, err
	}
	name, v, ok := lookup(ms, f.names("id"))
	if !ok {
		return a, ms, fmt.Errorf("no id (looked for %s)", quoteList(f.names("id")))
	}
	switch {
	case v[0] == '"':
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
		return a, ms, fmt.Errorf("field %q: id %v", name, err)
	}
	for _, p := range []struct {
		part string
		dst  *string
	}{{"title", &a.Title}, {"text", &a.Text}, {"source", &a.Source}, {"url", &a.URL}} {
		if name, v, ok := lookup(ms, f.names(p.part)); ok {
			s, err := decodeText(v)
			if err != nil {
				return a, ms, fmt.Errorf("field %q: %v", name, err)
			}
			*p.dst = s
		}
	}
	if name, v, ok := lookup(ms, f.names("date")); ok {
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
