package cluster

import "math"

// Evidence is what grouping saw between two articles.
type Evidence struct {
	A, B int // article numbers
	// Resemblance and Containment measure shared word shingles: the
	// estimated Jaccard similarity, and the share of the shorter
	// article's sampled shingles found in the longer one (formulas
	// weighing less). Copy tells whether they make the pair copies.
	Resemblance, Containment float64
	Copy                     bool
	// Story is the story-level similarity (0 outside the time window),
	// and Hours the time between the two, or NaN when either is undated.
	Story float64
	Hours float64
	// SameGroup and SameStory tell where grouping put them.
	SameGroup, SameStory bool
}

// Explain groups docs as Group does and returns the evidence for the
// given pairs of article numbers. It is for people checking why two
// articles were, or were not, put together.
func Explain(docs []Doc, o Options, pairs [][2]int) ([]Evidence, error) {
	o.Spill = "" // every feature is needed at the end
	if o.Terms != nil {
		if err := o.Terms.load(docs, o.Workers); err != nil {
			return nil, err
		}
		o.Terms = nil
	}
	g, err := newGrouper(docs, o)
	if err != nil {
		return nil, err
	}
	if err := g.run(); err != nil {
		return nil, err
	}
	out := make([]Evidence, len(pairs))
	for i, p := range pairs {
		a, b := p[0], p[1]
		e, isCopy := g.copyOf(int32(a), int32(b))
		hours := math.NaN()
		if docs[a].Dated && docs[b].Dated {
			hours = math.Abs(float64(docs[a].Time-docs[b].Time)) / 3600
		}
		out[i] = Evidence{
			A: a, B: b,
			Resemblance: float64(e.res), Containment: float64(e.con), Copy: isCopy,
			Story: g.storySim(a, b), Hours: hours,
			SameGroup: g.center[a] == g.center[b], SameStory: g.story[a] == g.story[b],
		}
	}
	return out, nil
}
