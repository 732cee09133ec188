package eval

import (
	"bytes"
	"fmt"
	"io"
	"text/tabwriter"
)

// PairScores is how a clustering fares on pair gold. Pairs with an id
// missing from the output are counted in Missing only, never in the totals.
// A share is together (or apart) / total, and 0 when total is 0.
type PairScores struct {
	// DUP pairs whose articles share a near-duplicate group.
	DupTotal         int     `json:"dup_total"`
	DupTogether      int     `json:"dup_together"`
	DupTogetherShare float64 `json:"dup_together_share"`

	// DUP and SAME_EVENT pairs whose articles share a story.
	RelatedTotal         int     `json:"related_total"`
	RelatedTogether      int     `json:"related_together"`
	RelatedTogetherShare float64 `json:"related_together_share"`

	// DIFFERENT pairs whose articles are in different stories.
	DifferentTotal      int     `json:"different_total"`
	DifferentApart      int     `json:"different_apart"`
	DifferentApartShare float64 `json:"different_apart_share"`

	Wrong   []PairResult `json:"wrong"`   // pairs that went wrong, in gold order; never nil
	Missing []PairResult `json:"missing"` // pairs with an id missing from the output, in gold order; never nil
}

// PairResult is a gold pair with what happened to it.
type PairResult struct {
	Pair
	What string `json:"what"` // e.g. "DIFFERENT pair in one story"
}

// ScorePairs scores out against labelled pairs. A DUP pair is right when
// both articles share a Group and a Story (it counts in both the DUP and the
// related figures); a SAME_EVENT pair is right when both share a Story; a
// DIFFERENT pair is right when their Stories differ. Every pair that is not
// right is listed once in Wrong, in the order of pairs. Ids should be unique
// in out; if one repeats, its first assignment counts. A pair with an
// unknown label counts nowhere.
func ScorePairs(out []Assignment, pairs []Pair) PairScores {
	byID := make(map[string]Assignment, len(out))
	for _, a := range out {
		if _, dup := byID[a.ID]; !dup {
			byID[a.ID] = a
		}
	}
	s := PairScores{Wrong: []PairResult{}, Missing: []PairResult{}}
	for _, p := range pairs {
		a, okA := byID[p.A]
		b, okB := byID[p.B]
		switch {
		case !okA && !okB:
			s.Missing = append(s.Missing, PairResult{p, "id_a and id_b not in output"})
			continue
		case !okA:
			s.Missing = append(s.Missing, PairResult{p, "id_a not in output"})
			continue
		case !okB:
			s.Missing = append(s.Missing, PairResult{p, "id_b not in output"})
			continue
		}
		sameGroup, sameStory := a.Group == b.Group, a.Story == b.Story
		what := ""
		switch p.Label {
		case LabelDup:
			s.DupTotal++
			s.RelatedTotal++
			if sameGroup {
				s.DupTogether++
			}
			if sameStory {
				s.RelatedTogether++
			}
			switch {
			case sameGroup && !sameStory:
				what = "DUP pair in one duplicate group but different stories"
			case !sameGroup && sameStory:
				what = "DUP pair not in one duplicate group (same story)"
			case !sameGroup:
				what = "DUP pair not in one duplicate group (different stories)"
			}
		case LabelSameEvent:
			s.RelatedTotal++
			if sameStory {
				s.RelatedTogether++
			} else {
				what = "SAME_EVENT pair in different stories"
			}
		case LabelDifferent:
			s.DifferentTotal++
			switch {
			case !sameStory:
				s.DifferentApart++
			case sameGroup:
				what = "DIFFERENT pair in one story (same duplicate group)"
			default:
				what = "DIFFERENT pair in one story"
			}
		}
		if what != "" {
			s.Wrong = append(s.Wrong, PairResult{p, what})
		}
	}
	s.DupTogetherShare = share(s.DupTogether, s.DupTotal)
	s.RelatedTogetherShare = share(s.RelatedTogether, s.RelatedTotal)
	s.DifferentApartShare = share(s.DifferentApart, s.DifferentTotal)
	return s
}

// share returns k/n, or 0 when n is 0.
func share(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// WriteTable writes s as aligned plain text in one Write call to w, and
// returns its error: the three figures as count/total, share with 4
// decimals and percent with 1 ("n/a" when there are no pairs of a kind),
// then the pairs with a missing id and the wrong pairs, one per line in gold
// order (with a reason column when any wrong pair has a reason).
func (s PairScores) WriteTable(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "check\tpairs\tshare\tpercent\n")
	figure := func(name string, k, n int, sh float64) {
		if n == 0 {
			fmt.Fprintf(tw, "%s\t%d/%d\tn/a\tn/a\n", name, k, n)
			return
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%.4f\t%.1f%%\n", name, k, n, sh, sh*100)
	}
	figure("DUP in one duplicate group", s.DupTogether, s.DupTotal, s.DupTogetherShare)
	figure("DUP+SAME_EVENT in one story", s.RelatedTogether, s.RelatedTotal, s.RelatedTogetherShare)
	figure("DIFFERENT in different stories", s.DifferentApart, s.DifferentTotal, s.DifferentApartShare)
	list := func(title string, rs []PairResult, withReason bool) {
		fmt.Fprintf(tw, "\n%s: %d\n", title, len(rs))
		if len(rs) == 0 {
			return
		}
		if withReason {
			fmt.Fprintf(tw, "line\tpair\tid_a\tid_b\tlabel\twhat\treason\n")
		} else {
			fmt.Fprintf(tw, "line\tpair\tid_a\tid_b\tlabel\twhat\n")
		}
		for _, r := range rs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s", r.Line, cellText(r.Name), cellText(r.A), cellText(r.B), cellText(r.Label), r.What)
			if withReason {
				fmt.Fprintf(tw, "\t%s", cellText(r.Reason))
			}
			fmt.Fprintln(tw)
		}
	}
	list("pairs with an id missing from the output", s.Missing, false)
	withReason := false
	for _, r := range s.Wrong {
		withReason = withReason || r.Reason != ""
	}
	list("wrong pairs", s.Wrong, withReason)
	return flushTable(tw, &buf, w)
}
