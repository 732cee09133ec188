package cluster

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// order ranks the documents from most to least preferred as canonical.
//
// Earliest (and Auto): dated articles first, earlier first; then fuller
// first; then smaller id first. Fullest: fuller first, then earlier, then
// smaller id. Under Auto the earliest rule decides whenever a group has a
// dated article, and among undated articles fullness decides: the
// behaviour the Auto policy promises. Skipped articles rank last.
func (g *grouper) order() {
	n := len(g.docs)
	g.byRk = make([]int32, n)
	for i := range g.byRk {
		g.byRk[i] = int32(i)
	}
	slices.SortStableFunc(g.byRk, func(a, b int32) int { return g.compare(int(a), int(b)) })
	g.rank = make([]int32, n)
	for r, d := range g.byRk {
		g.rank[d] = int32(r)
	}
}

// compare orders two documents by preference: negative when a is
// preferred.
func (g *grouper) compare(a, b int) int {
	da, db := &g.docs[a], &g.docs[b]
	if (da.Skip == "") != (db.Skip == "") {
		if da.Skip == "" {
			return -1
		}
		return 1
	}
	byTime := func() int {
		switch {
		case da.Dated && !db.Dated:
			return -1
		case !da.Dated && db.Dated:
			return 1
		case da.Dated && da.Time != db.Time:
			if da.Time < db.Time {
				return -1
			}
			return 1
		}
		return 0
	}
	byWords := func() int { return db.Words - da.Words }
	var c int
	if g.o.Policy == Fullest {
		if c = byWords(); c == 0 {
			c = byTime()
		}
	} else {
		if c = byTime(); c == 0 {
			c = byWords()
		}
	}
	if c != 0 {
		return c
	}
	return strings.Compare(da.ID, db.ID)
}

// reason explains why doc c is preferred over the other members of its
// group (members, c included).
func (g *grouper) reason(c int, members []int32) string {
	d := &g.docs[c]
	if len(members) <= 1 {
		return "only article in its story"
	}
	// Find the runner-up to say what decided.
	second := -1
	for _, m := range members {
		if int(m) != c && (second < 0 || g.rank[m] < g.rank[second]) {
			second = int(m)
		}
	}
	s := &g.docs[second]
	full := fmt.Sprintf("fullest text: %d words", d.Words)
	early := ""
	if d.Dated {
		early = "earliest published: " + time.Unix(d.Time, 0).UTC().Format(time.RFC3339)
	}
	switch {
	case g.o.Policy == Fullest && d.Words > s.Words:
		return full
	case g.o.Policy == Fullest && d.Words == s.Words && d.Dated && (!s.Dated || d.Time < s.Time):
		return full + ", tied; " + early
	case g.o.Policy != Fullest && d.Dated && (!s.Dated || d.Time < s.Time):
		return early
	case g.o.Policy != Fullest && d.Dated && d.Words > s.Words:
		return early + ", tied; " + full
	case g.o.Policy != Fullest && !d.Dated && d.Words > s.Words:
		return full + " (no article has a date)"
	case d.Words > s.Words:
		return full
	}
	return fmt.Sprintf("tied on date and fullness (%d words); smallest id", d.Words)
}
