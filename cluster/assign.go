package cluster

import "slices"

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
	members := membersOf(g.story, g.byRk) // story canonical → members, in rank order
	groups := membersOf(g.center, g.byRk) // group canonical → members, in rank order
	// Each document's assignment reads what grouping left and nothing
	// else: they are made in parallel.
	parallel(g.o.Workers, n, func(i int) {
		a := &g.out[i]
		c := g.story[i] // a story is named by its most preferred member
		a.Story = int(c)
		a.StorySize = len(members.of(c))
		a.DupOf, a.SimilarTo, a.Nearest, a.Via = -1, -1, -1, -1
		if g.near[i] >= 0 {
			a.Nearest, a.NearestSim = int(g.near[i]), float64(g.nearS[i])
		}
		switch {
		case int(c) == i:
			a.Similarity, a.SimilarTo = 1, i
			a.Reason = g.reason(i, members.of(c))
		case g.center[i] != int32(i):
			e := g.copyTo(int32(i), g.center[i])
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
			if ms := groups.of(int32(i)); len(ms) > 1 {
				a.Copies = len(ms) - 1
				if a.Reason == "" {
					a.Reason = "canonical of its copies: " + g.reason(i, ms)
				}
			}
		}
	})
	g.st.Docs = n
	g.st.Stories = members.keys
	for i := range g.docs {
		if g.docs[i].Skip != "" {
			g.st.Skipped++
		}
	}
}

// members lists, for every document, the documents that name it (as
// their story or group canonical): those of k are list[start[k]:start[k+1]].
type members struct {
	start []int32
	list  []int32
	keys  int // documents named by at least one
}

func (m *members) of(k int32) []int32 { return m.list[m.start[k]:m.start[k+1]] }

// membersOf groups the documents of order by key[d], keeping the order.
func membersOf(key []int32, order []int32) members {
	m := members{start: make([]int32, len(key)+1), list: make([]int32, len(order))}
	for _, d := range order {
		if m.start[key[d]+1] == 0 {
			m.keys++
		}
		m.start[key[d]+1]++
	}
	for k := range key {
		m.start[k+1] += m.start[k]
	}
	fill := slices.Clone(m.start[:len(key)])
	for _, d := range order {
		m.list[fill[key[d]]] = d
		fill[key[d]]++
	}
	return m
}
