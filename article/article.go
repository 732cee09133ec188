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
// (UT, GMT, EST, EDT, CST, CDT, MST, MDT, PST, PDT). With them, ParseDate
// reads the variants of these forms that it lists.
func DefaultLayouts() []string {
	l := defaultLayouts()
	return l[:]
}

// defaultLayouts are DefaultLayouts, as an array: a value, made without
// an allocation for every date; the lay constants below name each by its
// bit, in this order.
func defaultLayouts() [7]string {
	return [7]string{
		time.RFC3339Nano,
		"2006-01-02 15:04:05",
		"2006-01-02T15:04:05",
		"2006-01-02 15:04:05Z07:00",
		"2006-01-02",
		time.RFC1123Z,
		time.RFC1123,
	}
}

const (
	layRFC3339 = 1 << iota
	laySpace
	layT
	laySpaceZone
	layDate
	layRFC1123Z
	layRFC1123
)

// ParseDate parses s with the given layouts (DefaultLayouts when none),
// trying each in turn. Times without a zone are taken as UTC; the result is
// in UTC. It never guesses: a string no layout matches is an error.
//
// With the default layouts (layouts empty, or ending with DefaultLayouts()
// as the command line passes them after --date-layout), ParseDate also
// reads these variants of the default forms, which common feeds and
// databases write:
//   - ISO 8601 without seconds ("2006-01-02T15:04Z", "2006-01-02 15:04"),
//     with a zone without a colon or of hours only ("+0300", "+03"), or
//     with spaces before the zone ("2006-01-02 15:04:05 +03:00");
//   - RFC 1123 (RFC 822) with a one-digit day ("Wed, 1 Jul 2015 10:00:00
//     +0300"), without the weekday ("1 Jul 2015 10:00:00 +0300"), without
//     seconds, or with the zone UT or Z.
//
// In these variants the year has four digits, an offset is at most
// ±23:59, and a zone name is one of RFC 822 (or UTC, Z): anything else is
// still an error.
func ParseDate(s string, layouts []string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("article: empty date")
	}
	user, defaults := splitDefaults(layouts)
	for _, l := range user {
		if t, matched, err := parseLayout(l, s); matched {
			return t, err
		}
	}
	if defaults {
		// No default layout reads a variant, so the order does not matter;
		// and skipping the layouts that cannot fit s saves time.Parse the
		// errors it would allocate. RFC 3339, the commonest form, goes
		// first to the fast path time.Parse has for it.
		fit := defaultCandidates(s)
		if fit == layRFC3339 && rfc3339Shape(s) {
			if t, matched, err := parseLayout(time.RFC3339Nano, s); matched {
				return t, err
			}
			fit = 0
		}
		if t, ok := parseVariant(s); ok {
			return t, nil
		}
		for i, l := range defaultLayouts() {
			if fit&(1<<i) == 0 {
				continue
			}
			if t, matched, err := parseLayout(l, s); matched {
				return t, err
			}
		}
	}
	return time.Time{}, unparseable(s)
}

func unparseable(s string) error {
	return fmt.Errorf("article: unparseable date %q", clip(s, 40))
}

// splitDefaults returns the layouts given before the default ones, and
// whether the default ones are to be tried: when layouts is empty, or ends
// with DefaultLayouts().
func splitDefaults(layouts []string) (user []string, defaults bool) {
	if len(layouts) == 0 {
		return nil, true
	}
	n := len(layouts) - len(defaultLayouts())
	if n < 0 {
		return layouts, false
	}
	for i, l := range defaultLayouts() {
		if layouts[n+i] != l {
			return layouts, false
		}
	}
	return layouts[:n], true
}

// parseLayout parses s with one layout. When matched is false the layout
// does not fit s and the next one is tried; when it is true, t or err is
// the answer: err for a zone name without a well-known offset, or for a
// time outside the years 1 to 9999.
func parseLayout(l, s string) (t time.Time, matched bool, err error) {
	t, err = time.Parse(l, s)
	if err != nil {
		return time.Time{}, false, nil
	}
	if l == time.RFC1123 || l == time.RFC850 || l == time.ANSIC || l == time.UnixDate {
		// A zone abbreviation: time.Parse makes up an offset of 0
		// for names it does not know. Only names with a fixed,
		// well-known offset are taken.
		name, _ := t.Zone()
		off, ok := zoneOffset(name)
		if !ok {
			return time.Time{}, true, fmt.Errorf("article: date %q: unknown time zone %q", clip(s, 40), name)
		}
		y, mo, d := t.Date()
		h, mi, sec := t.Clock()
		t = time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), time.UTC).Add(time.Duration(-off) * time.Second)
	}
	t = t.UTC()
	if t.Year() < 1 || t.Year() > 9999 {
		return time.Time{}, true, unparseable(s)
	}
	return t, true, nil
}

// defaultCandidates returns the bits (lay...) of the default layouts that
// can fit s; the others certainly fail. Each of the first five begins
// with "2006-01-02" (exactly ten bytes) followed by nothing, "T" or
// spaces, and has a zone (a 'Z', '+' or '-' after the date) or none; the
// RFC 1123 ones begin with a weekday of three letters and a comma, and
// RFC1123Z ends with a sign and four digits.
func defaultCandidates(s string) int {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		if len(s) == 10 {
			return layDate
		}
		zone := strings.ContainsAny(s[11:], "Z+-")
		switch {
		case s[10] == 'T' && zone:
			return layRFC3339
		case s[10] == 'T':
			return layT
		case s[10] == ' ' && zone:
			return laySpaceZone
		case s[10] == ' ':
			return laySpace
		}
		return 0
	}
	if len(s) >= 5 && s[3] == ',' {
		if c := s[len(s)-5]; c == '+' || c == '-' {
			return layRFC1123Z | layRFC1123
		}
		return layRFC1123
	}
	return 0
}

// rfc3339Shape reports whether s, a date with a 'T' and a zone, looks
// like RFC 3339 with seconds ("2006-01-02T15:04:05" and a zone "Z" or
// "+07:00" at the end); it only decides which to try first.
func rfc3339Shape(s string) bool {
	n := len(s)
	return n >= 20 && s[13] == ':' && s[16] == ':' && s[19] != ' ' && (s[n-1] == 'Z' || s[n-3] == ':')
}

// parseVariant reads the variants of the default forms that ParseDate
// lists, and only them: for anything else, the default forms included,
// it reports false. Each variant differs from every default layout in a
// way time.Parse rejects (a missing seconds field, a zone not "Z" or
// "+hh:mm" right after the time, a one-digit day, a missing weekday, the
// zone UT or Z in RFC 1123), so it never reads differently a date that a
// layout reads.
func parseVariant(s string) (time.Time, bool) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return parseISOVariant(s)
	}
	return parseRFC1123Variant(s)
}

// dateFields are the parts of a date being read; offset is in seconds
// east of UTC.
type dateFields struct {
	year, month, day, hour, min, sec, nsec, offset int
}

// parseISOVariant reads "2006-01-02", "T" or spaces, a time with or
// without seconds, then a zone ("Z", "+03:00", "+0300" or "+03",
// attached or after spaces) or none.
func parseISOVariant(s string) (time.Time, bool) {
	var f dateFields
	c, ok1 := num2(s, 0)
	y, ok2 := num2(s, 2)
	m, ok3 := num2(s, 5)
	d, ok4 := num2(s, 8)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return time.Time{}, false
	}
	f.year, f.month, f.day = c*100+y, m, d
	i := 10
	switch {
	case i < len(s) && s[i] == 'T':
		i++
	case i < len(s) && s[i] == ' ':
		i = skipBlanks(s, i)
	default:
		return time.Time{}, false
	}
	i, seconds, ok := f.clock(s, i)
	if !ok {
		return time.Time{}, false
	}
	variant := !seconds
	j := skipBlanks(s, i)
	spaced := j > i
	i = j
	switch {
	case i == len(s):
		if spaced {
			return time.Time{}, false
		}
	case s[i] == 'Z':
		i++
		variant = variant || spaced
	case s[i] == '+' || s[i] == '-':
		sign := s[i]
		h, ok := num2(s, i+1)
		if !ok || h > 23 {
			return time.Time{}, false
		}
		mi := 0
		switch k := i + 3; {
		case k == len(s): // "+03"
			i, variant = k, true
		case s[k] == ':': // "+03:00"
			if mi, ok = num2(s, k+1); !ok {
				return time.Time{}, false
			}
			i, variant = k+3, variant || spaced
		default: // "+0300"
			if mi, ok = num2(s, k); !ok {
				return time.Time{}, false
			}
			i, variant = k+2, true
		}
		if mi > 59 {
			return time.Time{}, false
		}
		f.offset = (h*60 + mi) * 60
		if sign == '-' {
			f.offset = -f.offset
		}
	default:
		return time.Time{}, false
	}
	if i != len(s) || !variant {
		return time.Time{}, false
	}
	return f.time()
}

// parseRFC1123Variant reads an optional weekday and comma, a day of one
// or two digits, a month name, a four-digit year, a time with or without
// seconds, and a zone: "+0300" or a name zoneOffset knows.
func parseRFC1123Variant(s string) (time.Time, bool) {
	var f dateFields
	variant := false
	i := 0
	if isDigitAt(s, 0) {
		variant = true // no weekday
	} else {
		if len(s) < 4 || name3(weekdayNames, s, 0) == 0 || s[3] != ',' {
			return time.Time{}, false
		}
		if i = skipBlanks(s, 4); i == 4 {
			return time.Time{}, false
		}
	}
	if !isDigitAt(s, i) {
		return time.Time{}, false
	}
	f.day, i = int(s[i]-'0'), i+1
	if isDigitAt(s, i) {
		f.day, i = f.day*10+int(s[i]-'0'), i+1
	} else {
		variant = true // one-digit day
	}
	ok := true
	blanks := func() {
		j := skipBlanks(s, i)
		ok = ok && j > i
		i = j
	}
	blanks()
	if f.month = name3(monthNames, s, i); f.month == 0 {
		return time.Time{}, false
	}
	i += 3
	blanks()
	c, ok1 := num2(s, i)
	y, ok2 := num2(s, i+2)
	if !ok1 || !ok2 {
		return time.Time{}, false
	}
	f.year, i = c*100+y, i+4
	blanks()
	if !ok {
		return time.Time{}, false
	}
	var seconds bool
	if i, seconds, ok = f.clock(s, i); !ok {
		return time.Time{}, false
	}
	variant = variant || !seconds
	blanks()
	if !ok || i >= len(s) {
		return time.Time{}, false
	}
	zone := s[i:]
	if sign := zone[0]; sign == '+' || sign == '-' {
		h, ok1 := num2(zone, 1)
		mi, ok2 := num2(zone, 3)
		if len(zone) != 5 || !ok1 || !ok2 || h > 23 || mi > 59 {
			return time.Time{}, false
		}
		f.offset = (h*60 + mi) * 60
		if sign == '-' {
			f.offset = -f.offset
		}
	} else {
		if f.offset, ok = zoneOffset(zone); !ok {
			return time.Time{}, false
		}
		// time.Parse takes a zone name of three letters or more.
		variant = variant || len(zone) < 3
	}
	if !variant {
		return time.Time{}, false
	}
	return f.time()
}

// clock reads a time at s[i:]: an hour of one or two digits (as
// time.Parse takes it), ":" and two digits of minutes, then optionally
// ":" and two digits of seconds, and a fraction after '.' or ',' (digits
// past the ninth ignored, as time.Parse does). It returns where the time
// ends and whether it has seconds.
func (f *dateFields) clock(s string, i int) (end int, seconds, ok bool) {
	if !isDigitAt(s, i) {
		return 0, false, false
	}
	f.hour, i = int(s[i]-'0'), i+1
	if isDigitAt(s, i) {
		f.hour, i = f.hour*10+int(s[i]-'0'), i+1
	}
	if i >= len(s) || s[i] != ':' {
		return 0, false, false
	}
	if f.min, ok = num2(s, i+1); !ok || f.hour > 23 || f.min > 59 {
		return 0, false, false
	}
	i += 3
	if i >= len(s) || s[i] != ':' {
		return i, false, true
	}
	if f.sec, ok = num2(s, i+1); !ok || f.sec > 59 {
		return 0, false, false
	}
	i += 3
	if i < len(s) && (s[i] == '.' || s[i] == ',') && isDigitAt(s, i+1) {
		scale := int(time.Second / 10)
		for i++; isDigitAt(s, i); i++ {
			f.nsec += int(s[i]-'0') * scale
			scale /= 10
		}
	}
	return i, true, true
}

// time checks the day of the month and returns the time f is, in UTC,
// if its year there is within 1 to 9999.
func (f *dateFields) time() (time.Time, bool) {
	if f.month < 1 || f.month > 12 || f.day < 1 || f.day > daysIn(f.month, f.year) {
		return time.Time{}, false
	}
	t := time.Date(f.year, time.Month(f.month), f.day, f.hour, f.min, f.sec, f.nsec, time.UTC).
		Add(time.Duration(-f.offset) * time.Second)
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, false
	}
	return t, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

const (
	weekdayNames = "sunmontuewedthufrisat"
	monthNames   = "janfebmaraprmayjunjulaugsepoctnovdec"
)

// name3 returns the 1-based place in names (three-letter names, lower
// case) of the name at s[i:], in any case, or 0.
func name3(names, s string, i int) int {
	if i+3 > len(s) {
		return 0
	}
	a, b, c := s[i]|0x20, s[i+1]|0x20, s[i+2]|0x20
	for k := 0; k < len(names); k += 3 {
		if names[k] == a && names[k+1] == b && names[k+2] == c {
			return k/3 + 1
		}
	}
	return 0
}

// num2 reads the two digits at s[i:].
func num2(s string, i int) (int, bool) {
	if !isDigitAt(s, i) || !isDigitAt(s, i+1) {
		return 0, false
	}
	return int(s[i]-'0')*10 + int(s[i+1]-'0'), true
}

func isDigitAt(s string, i int) bool {
	return i < len(s) && '0' <= s[i] && s[i] <= '9'
}

// skipBlanks returns where the spaces at s[i:] end (time.Parse takes one
// or more spaces where a layout has one).
func skipBlanks(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
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
