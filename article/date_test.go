package article

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestParseDateVariants: the variants of the default forms that ParseDate
// reads besides the layouts (RSS feeds, ISO 8601 writers, databases), each
// at the right instant.
func TestParseDateVariants(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
	}{
		// RFC 1123 / RFC 822 with a one-digit day, without the weekday,
		// without seconds, with the zone UT or Z.
		{"Tue, 1 Jul 2015 10:00:00 +0300", utc(2015, 7, 1, 7, 0, 0, 0)}, // weekday ignored, as by time.Parse (1 July 2015 was a Wednesday)
		{"Wed, 1 Jul 2015 10:00:00 +0300", utc(2015, 7, 1, 7, 0, 0, 0)},
		{"Wed, 1 Jul 2015 10:00:00 -0430", utc(2015, 7, 1, 14, 30, 0, 0)},
		{"Wed, 1 Jul 2015 10:00:00 GMT", utc(2015, 7, 1, 10, 0, 0, 0)},
		{"Wed, 1 Jul 2015 10:00:00 UTC", utc(2015, 7, 1, 10, 0, 0, 0)},
		{"Wed, 1 Jul 2015 10:00:00 EST", utc(2015, 7, 1, 15, 0, 0, 0)},
		{"Wed, 1 Jul 2015 10:00:00 PDT", utc(2015, 7, 1, 17, 0, 0, 0)},
		{"Wed,  1 Jul 2015 10:00:00 GMT", utc(2015, 7, 1, 10, 0, 0, 0)}, // day padded with a space
		{"wed, 1 jul 2015 10:00:00 +0300", utc(2015, 7, 1, 7, 0, 0, 0)}, // names in any case, as the layouts take them
		{"Wed, 1 Jul 2015 10:00:00.25 +0300", utc(2015, 7, 1, 7, 0, 0, 250000000)},
		{"Wed, 1 Jul 2015 9:05:00 +0300", utc(2015, 7, 1, 6, 5, 0, 0)}, // one-digit hour, as the layouts take it
		{"Sun, 1 Mar 2020 00:30:00 +0100", utc(2020, 2, 29, 23, 30, 0, 0)},
		{"1 Jul 2015 10:00:00 +0300", utc(2015, 7, 1, 7, 0, 0, 0)},
		{"01 Jul 2015 10:00:00 +0300", utc(2015, 7, 1, 7, 0, 0, 0)},
		{"1 Jul 2015 10:00:00 GMT", utc(2015, 7, 1, 10, 0, 0, 0)},
		{"21 Jul 2015 10:00:00 CDT", utc(2015, 7, 21, 15, 0, 0, 0)},
		{"Tue, 21 Jul 2015 10:00 +0300", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"Tue, 21 Jul 2015 10:00 GMT", utc(2015, 7, 21, 10, 0, 0, 0)},
		{"1 Jul 2015 10:00 +0300", utc(2015, 7, 1, 7, 0, 0, 0)},
		{"Tue, 21 Jul 2015 10:00:00 UT", utc(2015, 7, 21, 10, 0, 0, 0)},
		{"Tue, 21 Jul 2015 10:00:00 Z", utc(2015, 7, 21, 10, 0, 0, 0)},
		// ISO 8601 with a zone without a colon or of hours only.
		{"2015-07-21T10:00:00+0300", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21T10:00:00-0530", utc(2015, 7, 21, 15, 30, 0, 0)},
		{"2015-07-21T10:00:00.123+0300", utc(2015, 7, 21, 7, 0, 0, 123000000)},
		{"2015-07-21T10:00:00,5+0300", utc(2015, 7, 21, 7, 0, 0, 500000000)},
		{"2015-07-21T10:00:00.1234567891+0300", utc(2015, 7, 21, 7, 0, 0, 123456789)}, // digits past the ninth ignored, as by time.Parse
		{"2015-07-21T10:00:00+03", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21 10:00:00+03", utc(2015, 7, 21, 7, 0, 0, 0)}, // PostgreSQL
		{"2015-07-21 10:00:00.5-02", utc(2015, 7, 21, 12, 0, 0, 500000000)},
		{"2015-07-21 10:00:00+0000", utc(2015, 7, 21, 10, 0, 0, 0)},
		{"2015-07-21T00:30:00+0100", utc(2015, 7, 20, 23, 30, 0, 0)}, // crosses midnight
		// Spaces before the zone.
		{"2015-07-21 10:00:00 +03:00", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21 10:00:00 -03:00", utc(2015, 7, 21, 13, 0, 0, 0)},
		{"2015-07-21 10:00:00 +0300", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21 10:00:00  +03", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21T10:00:00 Z", utc(2015, 7, 21, 10, 0, 0, 0)},
		{"2015-07-21 10:00:00.75 +03:00", utc(2015, 7, 21, 7, 0, 0, 750000000)},
		// Minutes without seconds.
		{"2015-07-21T10:00Z", utc(2015, 7, 21, 10, 0, 0, 0)},
		{"2015-07-21T10:00+03:00", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21T10:00+0300", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21T23:30-0100", utc(2015, 7, 22, 0, 30, 0, 0)},
		{"2015-07-21 10:00 +03:00", utc(2015, 7, 21, 7, 0, 0, 0)},
		{"2015-07-21T10:00", utc(2015, 7, 21, 10, 0, 0, 0)}, // no zone: UTC, like "2006-01-02T15:04:05"
		{"2015-07-21 10:00", utc(2015, 7, 21, 10, 0, 0, 0)},
		{"2016-02-29T10:00Z", utc(2016, 2, 29, 10, 0, 0, 0)},
		{" 2015-07-21T10:00Z\n", utc(2015, 7, 21, 10, 0, 0, 0)},
	} {
		for _, layouts := range [][]string{nil, append([]string{"02/01/2006"}, DefaultLayouts()...)} {
			got, err := ParseDate(c.in, layouts)
			if err != nil {
				t.Errorf("ParseDate(%q, %q): %v", c.in, layouts, err)
				continue
			}
			if !got.Equal(c.want) || got.Location() != time.UTC {
				t.Errorf("ParseDate(%q, %q) = %v (%v), want %v in UTC", c.in, layouts, got, got.Location(), c.want)
			}
		}
		// Layouts that do not end with the default ones replace them,
		// variants included.
		if got, err := ParseDate(c.in, []string{"02/01/2006"}); err == nil {
			t.Errorf("ParseDate(%q, custom layouts) = %v, want an error", c.in, got)
		}
	}
}

// TestParseDateVariantRejects: near misses of the variants, still
// rejected as they were.
func TestParseDateVariantRejects(t *testing.T) {
	for _, in := range []string{
		// RFC 1123 / RFC 822.
		"Tue, 1 Jul 2015 10:00:00 CET", // no well-known offset
		"Tue, 1 Jul 2015 10:00:00 XYZ",
		"Tue, 1 Jul 2015 10:00:00 gmt",
		"Tue, 1 Jul 2015 10:00:00 GMT+3",
		"Tue, 1 Jul 2015 10:00:00 A", // a military zone: RFC 1123 says their sign is unreliable
		"Tue, 1 Jul 2015 10:00:00",   // no zone
		"Tue, 1 Jul 2015 10:00:00 +03:00",
		"Tue, 1 Jul 2015 10:00:00 +030",
		"Tue, 1 Jul 2015 10:00:00 +2400",
		"Tue, 1 Jul 2015 10:00:00 +0360",
		"Tue, 1 Jul 15 10:00:00 +0300", // two-digit year
		"Tue, 1 Jul 20150 10:00:00 +0300",
		"Tue, 0 Jul 2015 10:00:00 +0300",
		"Tue, 32 Jul 2015 10:00:00 +0300",
		"Tue, 31 Jun 2015 10:00 +0300",
		"Sun, 29 Feb 2015 10:00 GMT",
		"Tue, 1 Jul 2015 24:00:00 +0300",
		"Tue, 1 Jul 2015 10:60:00 +0300",
		"Tue, 1 Jul 2015 10:00:60 +0300",
		"Tue, 1 Jul 2015 10 +0300",
		"Tue, 1 Jul 2015 +0300",
		"Tuesday, 1 Jul 2015 10:00:00 GMT",
		"Tue 1 Jul 2015 10:00:00 GMT",
		"Tue,1 Jul 2015 10:00:00 GMT",
		"Xyz, 1 Jul 2015 10:00:00 GMT",
		"1 July 2015 10:00:00 GMT",
		"1 Jul 2015",
		"1 Jul 2015 10:00:00 +0300 trailing",
		"1Jul 2015 10:00:00 +0300",
		"Jul 1 2015 10:00:00 +0300",
		// ISO 8601.
		"2015-07-21T10:00:00+3",
		"2015-07-21T10:00:00+030",
		"2015-07-21T10:00:00+03:0",
		"2015-07-21T10:00:00+03:00:00",
		"2015-07-21T10:00:00+2400",
		"2015-07-21T10:00:00+0360",
		"2015-07-21T10:00:00 +24:00",
		"2015-07-21T10:00:00 CET",
		"2015-07-21T10:00:00 +03:00 trailing",
		"2015-07-21T10Z",
		"2015-07-21T10:0Z",
		"2015-07-21T10:00.5Z",
		"2015-07-21T24:00Z",
		"2015-07-21T10:60Z",
		"2015-07-21T10:00:60+0300",
		"2015-13-21T10:00Z",
		"2015-00-21T10:00Z",
		"2015-02-29T10:00Z",
		"2015-07-32 10:00 +03:00",
		"2015-07-21t10:00Z",
		"2015-07-21T10:00z",
		"2015-07-21+03:00",
		"2015-7-21T10:00Z",
		"15-07-21T10:00Z",
		"20150721T1000Z",
		"21/07/2015 10:00 +0300",
		"07/21/2015 10:00:00 +0300",
		"0001-01-01T00:30+0100",  // UTC: year 0
		"9999-12-31T23:30-0100",  // UTC: year 10000
		"0001-01-01 00:30:00+01", // UTC: year 0
	} {
		for _, layouts := range [][]string{nil, append([]string{"02/01/2006"}, DefaultLayouts()...)} {
			got, err := ParseDate(in, layouts)
			if err == nil {
				t.Errorf("ParseDate(%q, %q) = %v, want an error", in, layouts, got)
				continue
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) returned %v with its error, want the zero Time", in, got)
			}
			if !strings.Contains(err.Error(), strings.TrimSpace(in)) {
				t.Errorf("ParseDate(%q) error %q does not quote the input", in, err)
			}
		}
	}
}

// parseDateBefore is ParseDate as it was before the variants, word for
// word: what it accepts, ParseDate must read the same.
func parseDateBefore(s string, layouts []string) (time.Time, error) {
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

// sameAsBefore checks ParseDate(s, layouts) against parseDateBefore: a
// date read before is read the same (same instant, in UTC, ==), and a date
// rejected before is rejected with the same error, unless it is one of the
// variants.
func sameAsBefore(t *testing.T, s string, layouts []string) {
	t.Helper()
	got, err := ParseDate(s, layouts)
	want, wantErr := parseDateBefore(s, layouts)
	switch {
	case wantErr == nil && err != nil:
		t.Errorf("ParseDate(%q, %q): %v; before: %v", s, layouts, err, want)
	case wantErr == nil && (got != want || got.Location() != time.UTC):
		t.Errorf("ParseDate(%q, %q) = %v (%v); before: %v", s, layouts, got, got.Location(), want)
	case wantErr != nil && err != nil && err.Error() != wantErr.Error():
		t.Errorf("ParseDate(%q, %q) error %q; before: %q", s, layouts, err, wantErr)
	case wantErr != nil && err == nil:
		_, defaults := splitDefaults(layouts)
		v, ok := parseVariant(strings.TrimSpace(s))
		if !defaults || !ok || v != got {
			t.Errorf("ParseDate(%q, %q) = %v, not a variant (%v, %v); before: %v", s, layouts, got, v, ok, wantErr)
		}
	}
}

// sameAsBeforeInputs are dates in the default forms, with the leniencies
// of time.Parse, and near them.
var sameAsBeforeInputs = []string{
	"2015-03-04T05:06:07Z",
	"2015-03-04T05:06:07+02:00",
	"2015-03-04T05:06:07-05:30",
	"2015-03-04T05:06:07.5Z",
	"2015-03-04T05:06:07,5Z",
	"2015-03-04T05:06:07.123456789+01:00",
	"2015-03-04T05:06:07.1234567891+01:00",
	"2015-03-04T05:06:07+24:00",
	"2015-03-04T05:06:07+23:60",
	"2015-03-04T05:06:07-00:00",
	"2015-03-04T5:06:07Z",
	"2015-03-04T05:06:07",
	"2015-03-04T05:06:07.5",
	"2015-03-04T5:06:07",
	"2015-03-04 05:06:07",
	"2015-03-04   05:06:07",
	"2015-03-04 5:06:07",
	"2015-03-04 05:06:07,25",
	"2015-03-04 05:06:07+01:00",
	"2015-03-04 05:06:07Z",
	"2015-03-04 05:06:07.5-07:00",
	"2015-03-04 05:06:07+24:00",
	"2015-03-04",
	"  2015-03-04\t",
	"2016-02-29",
	"2015-02-29",
	"0000-01-01",
	"0001-01-01",
	"9999-12-31",
	"0001-01-01T00:30:00+01:00",
	"9999-12-31T23:30:00-01:00",
	"9999-12-31T23:59:59.999999999Z",
	"Wed, 04 Mar 2015 05:06:07 GMT",
	"Wed, 04 Mar 2015 05:06:07 UTC",
	"Wed, 04 Mar 2015 05:06:07 +0100",
	"Wed, 04 Mar 2015 05:06:07 -0800",
	"Wed, 04 Mar 2015 05:06:07 -0000",
	"Wed, 04 Mar 2015 05:06:07 +2400",
	"Wed, 04 Mar 2015 05:06:07 +2360",
	"Wed, 04 Mar 2015 05:06:07 +03",
	"Wed, 04 Mar 2015 05:06:07 EST",
	"Wed, 04 Mar 2015 05:06:07 EDT",
	"Wed, 04 Mar 2015 05:06:07 PST",
	"Wed, 04 Mar 2015 05:06:07 CET",
	"Wed, 04 Mar 2015 05:06:07 MSK",
	"Wed, 04 Mar 2015 05:06:07 GMT+3",
	"Wed, 04 Mar 2015 05:06:07 ChST",
	"Wed, 04 Mar 2015 05:06:07.5 GMT",
	"Wed, 04 Mar 2015 5:06:07 GMT",
	"wed, 04 MAR 2015 05:06:07 GMT",
	"Wed,   04  Mar   2015  05:06:07   GMT",
	"Tue, 01 Jul 2015 10:00:00 GMT",
	"Tue, 21 Jul 2015 10:00:00 XYZ",
	"Sat, 01 Jan 0000 00:00:00 GMT",
	"Mon, 01 Jan 0001 00:30:00 +0100",
	"Fri, 31 Dec 9999 23:30:00 -0100",
	"31/12/2015",
	"12/31/2015",
	"2015-13-01",
	"2015-02-30",
	"2015-03-04T25:00:00Z",
	"1425445567",
	"March 4, 2015",
	"Wed Mar  4 05:06:07 2015",
	"Wednesday, 04-Mar-15 05:06:07 UTC",
	"2015-03-04T05:06:07Z trailing",
	"yesterday",
	"2015-13-45",
	"21/07/2015",
	"",
	"garbage",
	"é",
	strings.Repeat("é", 100),
}

// TestParseDateSameAsBefore: every date in the default forms is read as
// before, with the default layouts, with layouts added to them as the
// command line adds them, and with layouts replacing them; also when the
// local time zone names zones (time.Parse consults it for zone names).
func TestParseDateSameAsBefore(t *testing.T) {
	inputs := append(append([]string(nil), sameAsBeforeInputs...), parseDateVariantInputs()...)
	lists := [][]string{
		nil,
		{},
		DefaultLayouts(),
		append([]string{"02/01/2006", time.RFC850, time.ANSIC}, DefaultLayouts()...),
		{"02/01/2006", "02.01.2006 15:04 -0700"},
		{time.RFC1123, time.RFC3339},
		DefaultLayouts()[1:],
	}
	check := func(t *testing.T) {
		for _, layouts := range lists {
			for _, in := range inputs {
				sameAsBefore(t, in, layouts)
			}
		}
	}
	t.Run("UTC", func(t *testing.T) {
		saved := time.Local
		time.Local = time.UTC
		t.Cleanup(func() { time.Local = saved })
		check(t)
	})
	for _, name := range []string{"America/New_York", "Europe/Moscow", "Asia/Shanghai"} {
		t.Run(name, func(t *testing.T) {
			loc, err := time.LoadLocation(name)
			if err != nil {
				t.Skip(err)
			}
			saved := time.Local
			time.Local = loc
			t.Cleanup(func() { time.Local = saved })
			check(t)
		})
	}
}

// variantOracle reads s with Go layouts that spell out the variants, for
// comparing with parseVariant: time.Parse is more lenient (offsets up to
// 24 hours), but what parseVariant reads, it must read the same. Zone
// names are turned into their offsets first, since time.Parse does not
// know their offsets.
func variantOracle(s string) (time.Time, bool) {
	var layouts []string
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		for _, sep := range []string{"T", " "} {
			for _, clock := range []string{"15:04", "15:04:05"} {
				for _, zone := range []string{"", "Z07:00", "Z0700", "Z07", " Z07:00", " Z0700", " Z07"} {
					layouts = append(layouts, "2006-01-02"+sep+clock+zone)
				}
			}
		}
	} else {
		if i := strings.LastIndexByte(s, ' '); i >= 0 {
			if off, ok := zoneOffset(s[i+1:]); ok {
				sign := byte('+')
				if off < 0 {
					sign, off = '-', -off
				}
				s = fmt.Sprintf("%s%c%02d%02d", s[:i+1], sign, off/3600, off/60%60)
			}
		}
		for _, day := range []string{"Mon, 2", "2"} {
			for _, clock := range []string{"15:04", "15:04:05"} {
				layouts = append(layouts, day+" Jan 2006 "+clock+" -0700")
			}
		}
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func TestParseVariantOracle(t *testing.T) {
	n := 0
	for _, in := range sameAsBeforeInputs {
		if _, ok := parseVariant(strings.TrimSpace(in)); ok {
			t.Errorf("parseVariant(%q) reads a default form", in)
		}
	}
	for _, in := range parseDateVariantInputs() {
		got, ok := parseVariant(strings.TrimSpace(in))
		if !ok {
			continue
		}
		n++
		want, ok := variantOracle(strings.TrimSpace(in))
		if !ok || !got.Equal(want) {
			t.Errorf("parseVariant(%q) = %v; time.Parse: %v, %v", in, got, want, ok)
		}
	}
	if n < 40 {
		t.Errorf("only %d variants checked", n)
	}
}

// parseDateVariantInputs are the dates of the tests above, for seeds.
func parseDateVariantInputs() []string {
	return []string{
		"Tue, 1 Jul 2015 10:00:00 +0300", "Wed, 1 Jul 2015 10:00:00 -0430", "Wed, 1 Jul 2015 10:00:00 GMT",
		"Wed, 1 Jul 2015 10:00:00 UTC", "Wed, 1 Jul 2015 10:00:00 EST", "Wed, 1 Jul 2015 10:00:00 PDT",
		"Wed,  1 Jul 2015 10:00:00 GMT", "wed, 1 jul 2015 10:00:00 +0300", "Wed, 1 Jul 2015 10:00:00.25 +0300",
		"Wed, 1 Jul 2015 9:05:00 +0300", "Sun, 1 Mar 2020 00:30:00 +0100", "1 Jul 2015 10:00:00 +0300",
		"01 Jul 2015 10:00:00 +0300", "1 Jul 2015 10:00:00 GMT", "21 Jul 2015 10:00:00 CDT",
		"Tue, 21 Jul 2015 10:00 +0300", "Tue, 21 Jul 2015 10:00 GMT", "1 Jul 2015 10:00 +0300",
		"Tue, 21 Jul 2015 10:00:00 UT", "Tue, 21 Jul 2015 10:00:00 Z", "2015-07-21T10:00:00+0300",
		"2015-07-21T10:00:00-0530", "2015-07-21T10:00:00.123+0300", "2015-07-21T10:00:00,5+0300",
		"2015-07-21T10:00:00.1234567891+0300", "2015-07-21T10:00:00+03", "2015-07-21 10:00:00+03",
		"2015-07-21 10:00:00.5-02", "2015-07-21 10:00:00+0000", "2015-07-21T00:30:00+0100",
		"2015-07-21 10:00:00 +03:00", "2015-07-21 10:00:00 -03:00", "2015-07-21 10:00:00 +0300",
		"2015-07-21 10:00:00  +03", "2015-07-21T10:00:00 Z", "2015-07-21 10:00:00.75 +03:00",
		"2015-07-21T10:00Z", "2015-07-21T10:00+03:00", "2015-07-21T10:00+0300", "2015-07-21T23:30-0100",
		"2015-07-21 10:00 +03:00", "2015-07-21T10:00", "2015-07-21 10:00", "2016-02-29T10:00Z",
		"2015-07-21T10:00:00+2400", "Tue, 1 Jul 2015 10:00:00 +2400", "2015-07-21T24:00Z",
		"Tue, 1 Jul 2015 10:00:00 CET", "2015-07-21T10:00:00+030", "0001-01-01T00:30+0100",
	}
}

// FuzzParseDateSameAsBefore: whatever the string, ParseDate reads it as
// before (see sameAsBefore), with the default layouts and with layouts
// added to them; and what it reads as a variant, time.Parse reads the same
// with layouts spelling the variant out.
func FuzzParseDateSameAsBefore(f *testing.F) {
	for _, s := range sameAsBeforeInputs {
		f.Add(s)
	}
	for _, s := range parseDateVariantInputs() {
		f.Add(s)
	}
	added := append([]string{"02/01/2006", time.RFC850}, DefaultLayouts()...)
	f.Fuzz(func(t *testing.T, s string) {
		sameAsBefore(t, s, nil)
		sameAsBefore(t, s, added)
		if got, ok := parseVariant(strings.TrimSpace(s)); ok {
			if want, ok := variantOracle(strings.TrimSpace(s)); !ok || !got.Equal(want) {
				t.Errorf("parseVariant(%q) = %v; time.Parse: %v, %v", s, got, want, ok)
			}
		}
	})
}

// TestParseDateAllocs: the default forms that time.Parse reads without
// allocating, and the variants, are read without allocating.
func TestParseDateAllocs(t *testing.T) {
	for _, c := range dateBenchInputs {
		if c.name == "RFC1123GMT" || c.name == "Garbage" {
			continue // time.Parse makes a zone for a name; errors are allocated
		}
		if n := testing.AllocsPerRun(100, func() { ParseDate(c.in, nil) }); n != 0 {
			t.Errorf("ParseDate(%q) allocates %v times per call, want 0", c.in, n)
		}
	}
}

// dateBenchInputs are the date forms measured by BenchmarkParseDate.
var dateBenchInputs = []struct{ name, in string }{
	{"RFC3339", "2015-07-21T10:00:00Z"},
	{"RFC3339Offset", "2015-07-21T10:00:00+03:00"},
	{"RFC3339Nano", "2015-07-21T10:00:00.123456+03:00"},
	{"SQL", "2015-07-21 10:00:00"},
	{"ISONoZone", "2015-07-21T10:00:00"},
	{"DateOnly", "2015-07-21"},
	{"RFC1123Z", "Tue, 21 Jul 2015 10:00:00 +0300"},
	{"RFC1123GMT", "Tue, 21 Jul 2015 10:00:00 GMT"},
	{"RFC1123OneDigitDay", "Wed, 1 Jul 2015 10:00:00 +0300"},
	{"RFC1123NoWeekday", "1 Jul 2015 10:00:00 +0300"},
	{"ISOColonlessZone", "2015-07-21T10:00:00+0300"},
	{"SQLSpacedZone", "2015-07-21 10:00:00 +03:00"},
	{"ISOMinutes", "2015-07-21T10:00Z"},
	{"Garbage", "21/07/2015"},
}

func BenchmarkParseDate(b *testing.B) {
	for _, c := range dateBenchInputs {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ParseDate(c.in, nil)
			}
		})
	}
}
