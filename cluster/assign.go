package cluster

// storySims works out, while the story vectors are at hand, the
// similarity of every article that is not a copy to its story canonical.
func (g *grouper) storySims() {
	g.simTo = make([]float64, len(g.docs))
	parallel(g.o.Workers, len(g.docs), func(i int) {
		if c := g.story[i]; int(c) != i && g.center[i] == int32(i) {
			g.simTo[i] = g.storySim(i, int(c))
		}
	})
}

// assign fills in the per-article results from the groups found.
func (g *grouper) assign() {
	n := len(g.docs)
	g.out = make([]Assignment, n)
	members := make(map[int32][]int32) // story canonical → members, in rank order
	groups := make(map[int32][]int32)  // group canonical → members, in rank order
	for _, d := range g.byRk {
		members[g.story[d]] = append(members[g.story[d]], d)
		groups[g.center[d]] = append(groups[g.center[d]], d)
	}
	for i := range g.docs {
		a := &g.out[i]
		c := g.story[i] // a story is named by its most preferred member
		a.Story = int(c)
		a.StorySize = len(members[c])
		a.DupOf, a.SimilarTo, a.Nearest, a.Via = -1, -1, -1, -1
		if g.near[i] >= 0 {
			a.Nearest, a.NearestSim = int(g.near[i]), float64(g.nearS[i])
		}
		switch {
		case int(c) == i:
			a.Similarity, a.SimilarTo = 1, i
			a.Reason = g.reason(i, members[c])
		case g.center[i] != int32(i):
			e, _ := g.copyOf(int32(i), g.center[i])
			a.DupOf = int(g.center[i])
			a.SimilarTo = a.DupOf
			a.Similarity = float64(e.sim)
			a.Resemblance, a.Containment = float64(e.res), float64(e.con)
			a.Via = int(g.via[i])
		default:
			a.SimilarTo = int(c)
			a.Similarity = g.simTo[i]
		}
		if g.center[i] == int32(i) {
			if ms := groups[int32(i)]; len(ms) > 1 {
				a.Copies = len(ms) - 1
				if a.Reason == "" {
					a.Reason = "canonical of its copies: " + g.reason(i, ms)
				}
			}
		}
	}
	g.st.Docs = n
	g.st.Stories = len(members)
	for i := range g.docs {
		if g.docs[i].Skip != "" {
			g.st.Skipped++
		}
	}
}
