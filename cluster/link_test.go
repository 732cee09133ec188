package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func singletons(n int) []int32 {
	s := make([]int32, n)
	for i := range s {
		s[i] = int32(i)
	}
	return s
}

// handGraph is a small graph whose average-linkage merges are worked out
// by hand below. Item 1 is the most preferred, so it names its cluster.
var (
	handEdges = []edge{
		{a: 0, b: 1, sim: 0.9},
		{a: 1, b: 2, sim: 0.5},
		{a: 0, b: 2, sim: 0.25},
		{a: 2, b: 3, sim: 0.375},
		{a: 3, b: 4, sim: 0.125},
		{a: 5, b: 6, sim: 0.5},
	}
	handRank = []int32{1, 0, 2, 3, 4, 6, 5}
)

func TestAgglomerateAverageByHand(t *testing.T) {
	// Threshold 0.3:
	//  1. best pair {0}-{1} at 0.9: merge, named 1 (rank 0 < rank 1).
	//  2. scores now: {0,1}-{2} = (0.5 + 0.25) / (2·1) = 0.375,
	//     {2}-{3} = 0.375, {5}-{6} = 0.5, {3}-{4} = 0.125 (below).
	//     Best {5}-{6} at 0.5: merge, named 6 (rank 5 < rank 6).
	//  3. {0,1}-{2} and {2}-{3} tie at 0.375; the tie goes to the pair
	//     with the smaller names: (1, 2) before (2, 3). Merge, named 1.
	//  4. {0,1,2}-{3} = 0.375 / (3·1) = 0.125 < 0.3: no more merges.
	got := agglomerate(singletons(7), handEdges, handRank, averageLink, 0.3, 1)
	if want := []int32{1, 1, 1, 3, 4, 6, 6}; !slices.Equal(got, want) {
		t.Errorf("threshold 0.3: %v, want %v", got, want)
	}
	// Threshold 0.4: {0,1}-{2} at 0.375 and {2}-{3} at 0.375 stay apart.
	got = agglomerate(singletons(7), handEdges, handRank, averageLink, 0.4, 1)
	if want := []int32{1, 1, 2, 3, 4, 6, 6}; !slices.Equal(got, want) {
		t.Errorf("threshold 0.4: %v, want %v", got, want)
	}
	// Exactly at the threshold merges: 0.375 ≥ 0.375.
	got = agglomerate(singletons(7), handEdges, handRank, averageLink, 0.375, 1)
	if want := []int32{1, 1, 1, 3, 4, 6, 6}; !slices.Equal(got, want) {
		t.Errorf("threshold 0.375: %v, want %v", got, want)
	}
	// Threshold 0.1: step 4 becomes {0,1,2}-{3} = 0.125 ≥ 0.1, merge;
	// then {0,1,2,3}-{4} = 0.125 / 4 = 0.03125 < 0.1.
	got = agglomerate(singletons(7), handEdges, handRank, averageLink, 0.1, 1)
	if want := []int32{1, 1, 1, 1, 4, 6, 6}; !slices.Equal(got, want) {
		t.Errorf("threshold 0.1: %v, want %v", got, want)
	}
	// Threshold 0.95: nothing merges.
	got = agglomerate(singletons(7), handEdges, handRank, averageLink, 0.95, 1)
	if want := singletons(7); !slices.Equal(got, want) {
		t.Errorf("threshold 0.95: %v, want %v", got, want)
	}
}

func TestAgglomerateNamesByRank(t *testing.T) {
	// A chain 0-1-2-3 of equal links, single linkage: one cluster named
	// by the item of lowest rank, wherever it sits.
	edges := []edge{{a: 0, b: 1, sim: 1}, {a: 1, b: 2, sim: 1}, {a: 2, b: 3, sim: 1}}
	for best := range 4 {
		rank := []int32{1, 2, 3, 4}
		rank[best] = 0
		got := agglomerate(singletons(4), edges, rank, singleLink, 0, 1)
		for i, c := range got {
			if c != int32(best) {
				t.Errorf("best %d: item %d in cluster %d", best, i, c)
			}
		}
	}
}

func TestAgglomerateStartClusters(t *testing.T) {
	// Items 0, 1 start as cluster 0 and items 2, 3 as cluster 3; 4 alone.
	// Links: 0-2 0.8, 1-3 0.4, 1-4 0.9.
	// {0,1}-{2,3} = (0.8 + 0.4) / (2·2) = 0.3; {0,1}-{4} = 0.9 / 2 = 0.45.
	// Threshold 0.3: merge {0,1}+{4} first (0.45), named 0; then
	// {0,1,4}-{2,3} = 1.2 / 6 = 0.2 < 0.3: stop.
	start := []int32{0, 0, 3, 3, 4}
	edges := []edge{{a: 0, b: 2, sim: 0.8}, {a: 1, b: 3, sim: 0.4}, {a: 1, b: 4, sim: 0.9}, {a: 0, b: 1, sim: 1}}
	rank := []int32{0, 1, 2, 3, 4}
	got := agglomerate(start, edges, rank, averageLink, 0.3, 1)
	if want := []int32{0, 0, 3, 3, 0}; !slices.Equal(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
	// Threshold 0.2 lets the last merge happen.
	got = agglomerate(start, edges, rank, averageLink, 0.2, 1)
	if want := []int32{0, 0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("%v, want %v", got, want)
	}
}

// randomGraph returns a graph with sims multiples of 1/16 (so that sums
// are exact and ties are common) and a random preference order.
func randomGraph(rng *rand.Rand, n, m int) ([]edge, []int32) {
	seen := map[[2]int32]bool{}
	var edges []edge
	for len(edges) < m {
		a, b := int32(rng.IntN(n)), int32(rng.IntN(n))
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		if seen[[2]int32{a, b}] {
			continue
		}
		seen[[2]int32{a, b}] = true
		edges = append(edges, edge{a: a, b: b, sim: float32(1+rng.IntN(16)) / 16})
	}
	rank := make([]int32, n)
	for i, p := range rng.Perm(n) {
		rank[p] = int32(i)
	}
	return edges, rank
}

func TestAgglomerateSingleIsComponents(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 200 {
		n := 2 + rng.IntN(40)
		edges, rank := randomGraph(rng, n, rng.IntN(min(2*n, n*(n-1)/2)+1))
		for _, th := range []float64{0, 0.5, 0.9} {
			got := agglomerate(singletons(n), edges, rank, singleLink, th, 1)
			if want := components(n, edges, rank, th); !slices.Equal(got, want) {
				t.Fatalf("trial %d, threshold %v: %v, want %v", trial, th, got, want)
			}
		}
	}
}

// naiveAverage is average linkage done the slow, obvious way: repeatedly
// merge the pair of clusters with the highest average similarity (ties to
// the pair with the smaller names), named by the member of lowest rank.
// Sims that are multiples of 1/16 keep every sum exact, so the scores are
// those agglomerate computes, bit for bit.
func naiveAverage(n int, edges []edge, rank []int32, threshold float64) []int32 {
	sim := make(map[[2]int32]float64)
	for _, e := range edges {
		sim[[2]int32{e.a, e.b}] = float64(e.sim)
		sim[[2]int32{e.b, e.a}] = float64(e.sim)
	}
	members := map[int32][]int32{}
	for i := range n {
		members[int32(i)] = []int32{int32(i)}
	}
	for {
		var names []int32
		for c := range members {
			names = append(names, c)
		}
		slices.Sort(names)
		bestS, ba, bb := -1.0, int32(-1), int32(-1)
		for x, a := range names {
			for _, b := range names[x+1:] {
				sum, linked := 0.0, false
				for _, i := range members[a] {
					for _, j := range members[b] {
						if s, ok := sim[[2]int32{i, j}]; ok {
							sum += s
							linked = true
						}
					}
				}
				s := sum / float64(len(members[a])*len(members[b]))
				if linked && s >= threshold && s > bestS {
					bestS, ba, bb = s, a, b
				}
			}
		}
		if ba < 0 {
			break
		}
		keep, gone := ba, bb
		if rank[bb] < rank[ba] {
			keep, gone = bb, ba
		}
		members[keep] = append(members[keep], members[gone]...)
		delete(members, gone)
	}
	out := make([]int32, n)
	for c, ms := range members {
		for _, i := range ms {
			out[i] = c
		}
	}
	return out
}

func TestAgglomerateAverageMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		n := 2 + rng.IntN(25)
		edges, _ := randomGraph(rng, n, rng.IntN(n*(n-1)/2+1))
		// Ranks in item order, so that the test holds whether equal
		// scores are ordered by names or by ranks (see
		// TestGroupInputOrderTie).
		rank := singletons(n)
		for _, th := range []float64{0.1, 0.25, 0.5} {
			got := agglomerate(singletons(n), edges, rank, averageLink, th, 1)
			if want := naiveAverage(n, edges, rank, th); !slices.Equal(got, want) {
				t.Fatalf("trial %d, n %d, threshold %v:\nedges %v\nrank %v\ngot  %v\nwant %v", trial, n, th, edges, rank, got, want)
			}
		}
	}
}

// The average score of a cluster pair never depends on the order the
// edges come in.
func TestAgglomerateEdgeOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for range 100 {
		n := 2 + rng.IntN(30)
		edges, rank := randomGraph(rng, n, rng.IntN(n*(n-1)/2+1))
		want := agglomerate(singletons(n), edges, rank, averageLink, 0.25, 1)
		rng.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
		for i := range edges {
			if rng.IntN(2) == 0 {
				edges[i].a, edges[i].b = edges[i].b, edges[i].a
			}
		}
		if got := agglomerate(singletons(n), edges, rank, averageLink, 0.25, 1); !slices.Equal(got, want) {
			t.Fatalf("edge order changed the result: %v, want %v", got, want)
		}
	}
}

func TestLinkAdd(t *testing.T) {
	var zero link
	l := link{sum: 0.5, max: 0.5, n: 1}
	m := link{sum: 1.25, max: 0.75, n: 2}
	if zero.add(l) != l || l.add(zero) != l {
		t.Errorf("adding nothing changed the link")
	}
	if got, want := l.add(m), (link{sum: 1.75, max: 0.75, n: 3}); got != want || m.add(l) != want {
		t.Errorf("add: %+v, want %+v", got, want)
	}
}

// Merging the components on several goroutines gives what one heap over
// all of them gives, for both linkages and with starting clusters.
func TestAgglomerateWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 200 {
		n := 2 + rng.IntN(200)
		edges, rank := randomGraph(rng, n, rng.IntN(min(2*n, n*(n-1)/2)+1))
		// Starting clusters: an item joins an earlier item's cluster, or
		// starts its own.
		start := singletons(n)
		for i := 1; i < n; i++ {
			if rng.IntN(4) == 0 {
				start[i] = start[rng.IntN(i)]
			}
		}
		for _, kind := range []linkage{averageLink, singleLink} {
			for _, th := range []float64{0.1, 0.3, 0.6} {
				want := agglomerate(start, edges, rank, kind, th, 1)
				for _, w := range []int{2, 3, 8} {
					if got := agglomerate(start, edges, rank, kind, th, w); !slices.Equal(got, want) {
						t.Fatalf("trial %d, linkage %d, threshold %v, %d workers:\ngot  %v\nwant %v", trial, kind, th, w, got, want)
					}
				}
			}
		}
	}
}
