package cluster

import (
	"container/heap"
	"slices"
	"sync"
	"sync/atomic"
)

// linkage says when two clusters may merge.
type linkage int

const (
	// averageLink merges two clusters when the average similarity over all
	// pairs of their members, missing links counting as 0, reaches the
	// threshold.
	averageLink linkage = iota
	// singleLink merges two clusters when any pair of their members is
	// linked at or above the threshold. Grouping uses components, which
	// gives the same in linear time; the tests hold the two to each other.
	singleLink
)

// link sums up the links between two clusters.
type link struct {
	sum float64 // sum of similarities
	max float32 // strongest link
	n   int     // linked pairs
}

// add combines the links of two clusters to a third. It adds two numbers,
// so the result does not depend on which cluster comes first.
func (l link) add(m link) link {
	switch {
	case l.n == 0:
		return m
	case m.n == 0:
		return l
	}
	return link{sum: l.sum + m.sum, max: max(l.max, m.max), n: l.n + m.n}
}

// agglomerate merges clusters bottom-up. start[i] is the initial cluster
// of item i, named by one of its items; edges link items. Clusters merge,
// the best-linked pair first, while the linkage score reaches threshold;
// a merged cluster is named by the more preferred (lower rank) of the two
// names. It returns each item's final cluster name. The result depends
// only on the inputs, not on how items are numbered: equal scores are
// ordered by the ranks of the clusters' names, and every sum is formed the
// same way whatever the order of map iteration.
//
// Clusters only ever merge inside one component of the links that can
// matter (see linkComponents), and a merge changes nothing outside its
// component: the components are merged apart, by up to workers
// goroutines, with the same result as one heap over all of them.
func agglomerate(start []int32, edges []edge, rank []int32, kind linkage, threshold float64, workers int) []int32 {
	n := len(start)
	comps := linkComponents(start, edges, kind, threshold)
	size := make([]int, n)
	alive := make([]bool, n)
	for _, c := range start {
		size[c]++
		alive[c] = true
	}
	parent := make([]int32, n)
	for i := range parent {
		parent[i] = int32(i)
	}
	m := &merger{start: start, rank: rank, kind: kind, threshold: threshold,
		size: size, alive: alive, parent: parent, links: make([]map[int32]link, n)}
	// The largest components first, so that the workers end together.
	order := make([]int32, len(comps))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return len(comps[y]) - len(comps[x]) })
	workers = min(max(workers, 1), max(len(comps), 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var h pairHeap
			for {
				k := next.Add(1) - 1
				if k >= int64(len(order)) {
					return
				}
				m.merge(comps[order[k]], &h)
			}
		}()
	}
	wg.Wait()
	out := make([]int32, n)
	for i, c := range start {
		for parent[c] != c {
			c = parent[c]
		}
		out[i] = c
	}
	return out
}

// merger holds what the merging of one agglomerate call shares between
// components: arrays by cluster name, of which each component touches
// only its own clusters' entries.
type merger struct {
	start, rank []int32
	kind        linkage
	threshold   float64

	size   []int
	alive  []bool
	parent []int32
	links  []map[int32]link
}

// merge merges the clusters of one component, whose edges are given,
// with h (empty) as its heap.
func (m *merger) merge(edges []edge, h *pairHeap) {
	start, rank, links, size := m.start, m.rank, m.links, m.size
	for _, e := range edges {
		ca, cb := start[e.a], start[e.b]
		if ca == cb {
			continue
		}
		l := link{sum: float64(e.sim), max: e.sim, n: 1}
		for _, p := range [2][2]int32{{ca, cb}, {cb, ca}} {
			if links[p[0]] == nil {
				links[p[0]] = make(map[int32]link)
			}
			links[p[0]][p[1]] = links[p[0]][p[1]].add(l)
		}
	}
	score := func(a, b int32) (float64, bool) {
		l := links[a][b]
		if m.kind == singleLink {
			return float64(l.max), l.n > 0 && float64(l.max) >= m.threshold
		}
		s := l.sum / float64(size[a]*size[b])
		return s, l.n > 0 && s >= m.threshold
	}
	push := func(a, b int32) {
		if rank[b] < rank[a] {
			a, b = b, a
		}
		if s, ok := score(a, b); ok {
			heap.Push(h, pairItem{s, rank[a], rank[b], a, b})
		}
	}
	// The component's clusters, each once: those its edges touch.
	for _, e := range edges {
		for _, a := range [2]int32{start[e.a], start[e.b]} {
			if links[a] == nil || !m.alive[a] || m.parent[a] != a {
				continue
			}
			for b := range links[a] {
				if rank[a] < rank[b] {
					push(a, b)
				}
			}
			m.parent[a] = -1 - a // seen; set back below
		}
	}
	for _, e := range edges {
		for _, a := range [2]int32{start[e.a], start[e.b]} {
			if m.parent[a] < 0 {
				m.parent[a] = a
			}
		}
	}
	alive, parent := m.alive, m.parent
	for h.Len() > 0 {
		it := heap.Pop(h).(pairItem)
		if !alive[it.a] || !alive[it.b] {
			continue
		}
		if s, ok := score(it.a, it.b); !ok || s != it.s {
			continue // stale: the clusters changed since this was pushed
		}
		a, b := it.a, it.b
		keep, gone := a, b
		if rank[b] < rank[a] {
			keep, gone = b, a
		}
		// Fold the smaller link map into the larger one and give it to keep.
		big, small := links[a], links[b]
		if len(big) < len(small) {
			big, small = small, big
		}
		for x, l := range small {
			big[x] = big[x].add(l)
		}
		delete(big, a)
		delete(big, b)
		links[keep], links[gone] = big, nil
		size[keep] += size[gone]
		size[gone] = 0
		alive[gone] = false
		parent[gone] = keep
		for x := range big {
			lx := links[x]
			la, lb := lx[a], lx[b]
			delete(lx, gone)
			lx[keep] = la.add(lb)
			push(keep, x)
		}
	}
}

// pairItem is a candidate merge of two clusters with its linkage score
// and the ranks of their names (ra < rb).
type pairItem struct {
	s      float64
	ra, rb int32
	a, b   int32
}

// pairHeap is a max-heap of pairItems, equal scores ordered by the ranks
// of the clusters' names so that merges happen in a fixed order.
type pairHeap []pairItem

func (h pairHeap) Len() int { return len(h) }
func (h pairHeap) Less(i, j int) bool {
	if h[i].s != h[j].s {
		return h[i].s > h[j].s
	}
	if h[i].ra != h[j].ra {
		return h[i].ra < h[j].ra
	}
	return h[i].rb < h[j].rb
}
func (h pairHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)   { *h = append(*h, x.(pairItem)) }
func (h *pairHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// linkComponents returns the edges that can matter to merging at
// threshold, by component: for average linkage, those inside the
// components that the edges at or above the threshold (and the starting
// clusters) join. Two clusters merge only when their average link
// reaches the threshold, so when at least one of their links does: every
// cluster stays inside one such component, and an edge between two
// components never counts. For single linkage every edge joins. The
// edges of a component keep their order, so that every sum of links is
// formed as over the whole list; components are ordered by their first
// edge.
func linkComponents(start []int32, edges []edge, kind linkage, threshold float64) [][]edge {
	uf := newUnionFind(len(start))
	for i, c := range start {
		uf.union(int32(i), c)
	}
	for _, e := range edges {
		if kind == singleLink || float64(e.sim) >= threshold {
			uf.union(e.a, e.b)
		}
	}
	// Number the components by first edge, count their edges, then lay
	// them out one after the other.
	num := make([]int32, len(start)) // by root: its component's number + 1
	var counts []int
	for _, e := range edges {
		r := uf.find(e.a)
		if r != uf.find(e.b) {
			continue
		}
		if num[r] == 0 {
			counts = append(counts, 0)
			num[r] = int32(len(counts))
		}
		counts[num[r]-1]++
	}
	kept := 0
	for _, c := range counts {
		kept += c
	}
	all := make([]edge, kept)
	comps := make([][]edge, len(counts))
	at := 0
	for k, c := range counts {
		comps[k] = all[at : at : at+c]
		at += c
	}
	for _, e := range edges {
		r := uf.find(e.a)
		if r != uf.find(e.b) {
			continue
		}
		k := num[r] - 1
		comps[k] = append(comps[k], e)
	}
	return comps
}

// components returns, for each of n items, the member of lowest rank of
// its connected component under the edges at or above threshold: what
// agglomerate gives with single linkage from singletons
// (TestAgglomerateSingleIsComponents), in about linear time instead of
// with a link map per cluster and a heap.
func components(n int, edges []edge, rank []int32, threshold float64) []int32 {
	uf := newUnionFind(n)
	for _, e := range edges {
		if float64(e.sim) >= threshold {
			uf.union(e.a, e.b)
		}
	}
	best := make([]int32, n) // by root: its member of lowest rank
	for i := range best {
		best[i] = -1
	}
	for i := range n {
		r := uf.find(int32(i))
		if b := best[r]; b < 0 || rank[i] < rank[b] {
			best[r] = int32(i)
		}
	}
	out := make([]int32, n)
	for i := range out {
		out[i] = best[uf.find(int32(i))]
	}
	return out
}
