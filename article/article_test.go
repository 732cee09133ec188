package article

import (
	"strings"
	"testing"
	"time"
)

func TestPosString(t *testing.T) {
	for _, c := range []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "a.jsonl", Line: 12}, "a.jsonl:12"},
		{Pos{File: "-", Line: 1}, "-:1"},
		{Pos{File: "dir/x.png"}, "dir/x.png"},
	} {
		if got := c.pos.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.pos, got, c.want)
		}
	}
}

func TestCandidates(t *testing.T) {
	for _, c := range []struct {
		part string
		must []string // in this order, first first
	}{
		{"id", []string{"id", "_id"}},
		{"title", []string{"title", "headline"}},
		{"text", []string{"text", "content", "body"}},
		{"date", []string{"published", "date", "published_at", "date_extracted"}},
		{"source", []string{"source"}},
		{"url", []string{"url"}},
	} {
		got := Candidates(c.part)
		if len(got) == 0 || got[0] != c.must[0] {
			t.Errorf("Candidates(%q) = %q, want it to start with %q", c.part, got, c.must[0])
			continue
		}
		at := -1
		for _, m := range c.must {
			i := indexOf(got, m)
			if i < 0 {
				t.Errorf("Candidates(%q) = %q lacks %q", c.part, got, m)
			} else if i < at {
				t.Errorf("Candidates(%q) = %q: %q comes too early", c.part, got, m)
			}
			at = i
		}
	}
	if got := Candidates("nonsense"); got != nil {
		t.Errorf("Candidates(nonsense) = %q, want nil", got)
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

func utc(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"2015-03-04T05:06:07Z", utc(2015, 3, 4, 5, 6, 7, 0)},
		{"2015-03-04T05:06:07+02:00", utc(2015, 3, 4, 3, 6, 7, 0)},
		{"2015-03-04T05:06:07-05:30", utc(2015, 3, 4, 10, 36, 7, 0)},
		{"2015-03-04T05:06:07.5Z", utc(2015, 3, 4, 5, 6, 7, 500000000)},
		{"2015-03-04T05:06:07.123456789+01:00", utc(2015, 3, 4, 4, 6, 7, 123456789)},
		{"2015-03-04T23:30:00-01:00", utc(2015, 3, 5, 0, 30, 0, 0)}, // crosses midnight
		{"2015-03-04 05:06:07", utc(2015, 3, 4, 5, 6, 7, 0)},
		{"2015-03-04T05:06:07", utc(2015, 3, 4, 5, 6, 7, 0)},
		{"2015-03-04 05:06:07+01:00", utc(2015, 3, 4, 4, 6, 7, 0)},
		{"2015-03-04", utc(2015, 3, 4, 0, 0, 0, 0)},
		{"  2015-03-04\t", utc(2015, 3, 4, 0, 0, 0, 0)},
		{"Wed, 04 Mar 2015 05:06:07 GMT", utc(2015, 3, 4, 5, 6, 7, 0)},
		{"Wed, 04 Mar 2015 05:06:07 UTC", utc(2015, 3, 4, 5, 6, 7, 0)},
		{"Wed, 04 Mar 2015 05:06:07 +0100", utc(2015, 3, 4, 4, 6, 7, 0)},
		{"Wed, 04 Mar 2015 05:06:07 -0800", utc(2015, 3, 4, 13, 6, 7, 0)},
	} {
		got, err := ParseDate(c.in, nil)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", c.in, err)
			continue
		}
		if !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v (%v), want %v in UTC", c.in, got, got.Location(), c.want)
		}
	}
}

func TestParseDateRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"   ",
		"garbage",
		"31/12/2015",
		"12/31/2015",
		"2015-13-01",
		"2015-02-30",
		"2015-03-04T25:00:00Z",
		"1425445567",                        // a Unix time is not guessed
		"March 4, 2015",                     // nor is prose
		"Wed Mar  4 05:06:07 2015",          // ANSI C
		"Wednesday, 04-Mar-15 05:06:07 UTC", // RFC 850
		"2015-03-04T05:06:07Z trailing",
		"0000-01-01",
	} {
		got, err := ParseDate(in, nil)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, got)
			continue
		}
		if !got.IsZero() {
			t.Errorf("ParseDate(%q) returned %v with its error, want the zero Time", in, got)
		}
		if strings.TrimSpace(in) != "" && !strings.Contains(err.Error(), strings.TrimSpace(in)) {
			t.Errorf("ParseDate(%q) error %q does not quote the input", in, err)
		}
	}
}

// TestParseDateLongInputClipped checks that the error message for a long
// garbage string stays short and valid UTF-8.
func TestParseDateLongInputClipped(t *testing.T) {
	in := strings.Repeat("é", 100)
	_, err := ParseDate(in, nil)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if len(msg) > 150 {
		t.Errorf("error message is %d bytes long: %q", len(msg), msg)
	}
	if !strings.Contains(msg, "…") || strings.ContainsRune(msg, '\uFFFD') {
		t.Errorf("error message not clipped cleanly: %q", msg)
	}
}

// TestParseDateResultInRange: the result must be a time that can be
// written as RFC 3339 and read back, so its UTC year must be in 1..9999,
// like the year ParseDate checks for.
func TestParseDateResultInRange(t *testing.T) {
	for _, in := range []string{
		"0001-01-01T00:30:00+01:00", // UTC: year 0
		"9999-12-31T23:30:00-01:00", // UTC: year 10000
	} {
		got, err := ParseDate(in, nil)
		if err != nil {
			continue // rejecting it is fine
		}
		if y := got.Year(); y < 1 || y > 9999 {
			t.Errorf("ParseDate(%q) = %v: UTC year %d is out of 1..9999 (formats as %q, which ParseDate rejects)",
				in, got, y, got.Format(time.RFC3339Nano))
		}
	}
}

// TestParseDateZoneAbbreviation: RFC 1123 dates with a zone abbreviation
// other than GMT/UTC (common in RSS: "EST", "PST") must not silently be
// read as UTC: that would be a guessed date, hours off. Either the right
// instant or an error is acceptable.
func TestParseDateZoneAbbreviation(t *testing.T) {
	saved := time.Local
	time.Local = time.UTC // as on a server; time.Parse consults the local zone for abbreviations
	t.Cleanup(func() { time.Local = saved })
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		{"Wed, 04 Mar 2015 05:06:07 EST", utc(2015, 3, 4, 10, 6, 7, 0)},
		{"Wed, 04 Mar 2015 05:06:07 PST", utc(2015, 3, 4, 13, 6, 7, 0)},
		{"Wed, 04 Mar 2015 05:06:07 CET", utc(2015, 3, 4, 4, 6, 7, 0)},
	} {
		got, err := ParseDate(c.in, nil)
		if err == nil && !got.Equal(c.want) {
			t.Errorf("ParseDate(%q) = %v, want %v or an error (the zone was taken as UTC)", c.in, got, c.want)
		}
	}
}

func TestParseDateCustomLayouts(t *testing.T) {
	layouts := []string{"02/01/2006", "02.01.2006 15:04 -0700"}
	for _, c := range []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "31/12/2015", want: utc(2015, 12, 31, 0, 0, 0, 0)},
		{in: "31.12.2015 10:00 +0100", want: utc(2015, 12, 31, 9, 0, 0, 0)},
		{in: "2015-12-31", wantErr: true}, // given layouts replace the defaults
		{in: "12/31/2015", wantErr: true},
	} {
		got, err := ParseDate(c.in, layouts)
		switch {
		case c.wantErr && err == nil:
			t.Errorf("ParseDate(%q, %q) = %v, want an error", c.in, layouts, got)
		case !c.wantErr && err != nil:
			t.Errorf("ParseDate(%q, %q): %v", c.in, layouts, err)
		case !c.wantErr && (!got.Equal(c.want) || got.Location() != time.UTC):
			t.Errorf("ParseDate(%q, %q) = %v, want %v in UTC", c.in, layouts, got, c.want)
		}
	}
}
