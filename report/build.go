package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// build groups the members into stories and computes the figures.
func build(members []Member, opts Options) *Report {
	r := &Report{Title: opts.Title, Input: opts.Input}
	if r.Title == "" {
		r.Title = "samestory report"
	}
	byStory := map[string][]Member{}
	var order []string
	for _, m := range members {
		if _, ok := byStory[m.story]; !ok {
			order = append(order, m.story)
		}
		byStory[m.story] = append(byStory[m.story], m)
	}
	r.Stories = make([]Story, 0, len(order))
	for _, id := range order {
		r.Stories = append(r.Stories, makeStory(id, byStory[id]))
	}
	slices.SortFunc(r.Stories, func(a, b Story) int {
		if c := cmp.Compare(b.Size, a.Size); c != 0 {
			return c
		}
		if c := compareTimes(b.Last, a.Last); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	anchors := map[string]bool{}
	for i := range r.Stories {
		s := &r.Stories[i]
		s.Rank = i + 1
		s.Anchor = anchor(s.ID, anchors)
	}
	r.Summary = summarize(r.Stories)
	r.Unit, r.Timeline = timeline(members)
	r.Sizes = sizeBins(r.Stories)
	return r
}

// compareTimes orders times with the zero time (undated) first.
func compareTimes(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return -1
	case b.IsZero():
		return 1
	}
	return a.Compare(b)
}

// makeStory orders a story's members: the canonical first, then each
// near-duplicate group's canonical followed by its copies, by publication
// time (undated last) and id.
func makeStory(id string, ms []Member) Story {
	s := Story{ID: id, Size: len(ms)}
	byTime := func(a, b Member) int {
		switch {
		case a.Canonical != b.Canonical:
			if a.Canonical {
				return -1
			}
			return 1
		case a.Time.IsZero() != b.Time.IsZero():
			if a.Time.IsZero() {
				return 1
			}
			return -1
		}
		if c := a.Time.Compare(b.Time); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	slices.SortFunc(ms, byTime)
	head := 0 // the canonical; the earliest when none is marked
	for i, m := range ms {
		if m.Canonical {
			head = i
			break
		}
	}
	present := map[string]bool{}
	for _, m := range ms {
		present[m.ID] = true
	}
	// A member heads a block unless it is a copy of another member; each
	// block is followed by the copies of its head.
	isCopy := func(i int) bool { return i != head && ms[i].DuplicateOf != "" && present[ms[i].DuplicateOf] }
	copies := map[string][]Member{}
	for i, m := range ms {
		if isCopy(i) {
			copies[m.DuplicateOf] = append(copies[m.DuplicateOf], m)
		}
	}
	out := make([]Member, 0, len(ms))
	out = append(out, ms[head])
	out = append(out, copies[ms[head].ID]...)
	for i, m := range ms {
		if i != head && !isCopy(i) {
			out = append(out, m)
			out = append(out, copies[m.ID]...)
		}
	}
	s.Members = out

	s.Title = out[0].Title
	if s.Title == "" {
		s.Title = out[0].ID
	}
	s.Reason = out[0].Reason
	seen := map[string]bool{}
	for _, m := range ms { // by time: the earliest outlet first
		if m.DuplicateOf != "" {
			s.Copies++
		}
		if len(copies[m.ID]) > 0 {
			s.Groups++
		}
		if m.Time.IsZero() {
			s.Undated++
		} else {
			if s.First.IsZero() || m.Time.Before(s.First) {
				s.First = m.Time
			}
			if m.Time.After(s.Last) {
				s.Last = m.Time
			}
		}
	}
	byOutlet := slices.Clone(ms)
	slices.SortStableFunc(byOutlet, func(a, b Member) int {
		if a.Time.IsZero() != b.Time.IsZero() {
			if a.Time.IsZero() {
				return 1
			}
			return -1
		}
		return a.Time.Compare(b.Time)
	})
	for _, m := range byOutlet {
		if m.Source != "" && !seen[m.Source] {
			seen[m.Source] = true
			s.Outlets = append(s.Outlets, m.Source)
		}
	}
	if s.Outlets == nil {
		s.Outlets = []string{}
	}
	return s
}

// anchor returns a unique HTML id for a story: "s-" and its id, with
// characters other than ASCII letters, digits, '-', '_' and '.' as '_'.
func anchor(id string, used map[string]bool) string {
	var b strings.Builder
	b.WriteString("s-")
	for _, r := range id {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() > 80 {
			break
		}
	}
	a := b.String()
	for k := 2; used[a]; k++ {
		a = fmt.Sprintf("%s-%d", b.String(), k)
	}
	used[a] = true
	return a
}

// summarize computes the totals and the per-source figures.
func summarize(stories []Story) Summary {
	var s Summary
	s.Stories = len(stories)
	src := map[string]*Source{}
	for _, st := range stories {
		s.Articles += st.Size
		s.Copies += st.Copies
		s.Groups += st.Groups
		s.Undated += st.Undated
		s.Largest = max(s.Largest, st.Size)
		if st.Size > 1 {
			s.Multi++
			s.InMulti += st.Size
		}
		if !st.First.IsZero() && (s.First.IsZero() || st.First.Before(s.First)) {
			s.First = st.First
		}
		if st.Last.After(s.Last) {
			s.Last = st.Last
		}
		covered := map[string]bool{}
		for _, m := range st.Members {
			if m.Skipped != "" {
				s.Skipped++
			}
			x := src[m.Source]
			if x == nil {
				x = &Source{Name: m.Source}
				src[m.Source] = x
			}
			x.Articles++
			if m.DuplicateOf != "" {
				x.Copies++
			}
			if st.Size > 1 && !covered[m.Source] {
				covered[m.Source] = true
				x.Stories++
			}
			if st.Size > 1 && m.Canonical {
				x.Canonicals++
			}
		}
	}
	if s.Articles > 0 {
		s.DuplicateRate = float64(s.Copies) / float64(s.Articles)
	}
	s.Sources = make([]Source, 0, len(src))
	for _, x := range src {
		x.DuplicateRate = float64(x.Copies) / float64(x.Articles)
		s.Sources = append(s.Sources, *x)
	}
	slices.SortFunc(s.Sources, func(a, b Source) int {
		if c := cmp.Compare(b.Articles, a.Articles); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return s
}

// timeline counts the dated articles per day, week or month: days when
// they span at most 120 days, weeks when at most 120 weeks, else months.
func timeline(members []Member) (string, []Bucket) {
	var first, last time.Time
	for _, m := range members {
		if m.Time.IsZero() {
			continue
		}
		if first.IsZero() || m.Time.Before(first) {
			first = m.Time
		}
		if m.Time.After(last) {
			last = m.Time
		}
	}
	if first.IsZero() {
		return "day", nil
	}
	day := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
	days := int(day(last).Sub(day(first)).Hours()/24) + 1
	unit := "day"
	start := day
	next := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	switch {
	case days > 7*120:
		unit = "month"
		start = func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
		next = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	case days > 120:
		unit = "week"
		start = func(t time.Time) time.Time {
			d := day(t)
			return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
		}
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	}
	var buckets []Bucket
	index := map[time.Time]int{}
	for t := start(first); !t.After(last); t = next(t) {
		index[t] = len(buckets)
		buckets = append(buckets, Bucket{Start: t})
	}
	for _, m := range members {
		if m.Time.IsZero() {
			continue
		}
		b := &buckets[index[start(m.Time)]]
		b.Articles++
		if m.DuplicateOf != "" {
			b.Copies++
		}
	}
	return unit, buckets
}

// sizeBins counts the stories by size: 1 to 5 one by one, then 6–10,
// 11–20, 21–50, 51–100 and 101+, up to the largest.
func sizeBins(stories []Story) []SizeBin {
	bins := []SizeBin{{1, 1, 0, 0}, {2, 2, 0, 0}, {3, 3, 0, 0}, {4, 4, 0, 0}, {5, 5, 0, 0},
		{6, 10, 0, 0}, {11, 20, 0, 0}, {21, 50, 0, 0}, {51, 100, 0, 0}, {101, 0, 0, 0}}
	largest := 0
	for _, s := range stories {
		largest = max(largest, s.Size)
		for i := range bins {
			if s.Size >= bins[i].Min && (bins[i].Max <= 0 || s.Size <= bins[i].Max) {
				bins[i].Stories++
				bins[i].Articles += s.Size
				break
			}
		}
	}
	n := 0
	for i, b := range bins {
		if b.Min <= max(largest, 1) {
			n = i + 1
		}
	}
	return bins[:n]
}
