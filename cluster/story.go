package cluster

import (
	"math"
	"slices"
	"sync"
)

// vec is a story-level vector: term hashes sorted ascending with weights,
// scaled so that the vector of the whole article (the words left out of
// Terms included) has unit length.
type vec struct {
	terms []uint32
	w     []float32
}

// dot returns the inner product of two vectors.
func dot(a, b vec) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch {
		case a.terms[i] < b.terms[j]:
			i++
		case a.terms[i] > b.terms[j]:
			j++
		default:
			s += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		}
	}
	return s
}

// idf returns the rarity weight of a term in this corpus.
func (g *grouper) idf(t uint32) float64 {
	if g.o.DF == nil {
		return 1
	}
	return IDF(g.o.N, int(g.o.DF[t]))
}

// vectors builds the story vectors: damped term counts times rarity, the
// words no other article has counting UnsharedWeight toward the length.
func (g *grouper) vectors() []vec {
	vs := make([]vec, len(g.docs))
	for i := range g.docs {
		d := &g.docs[i]
		if d.Skip != "" || len(d.Terms) == 0 {
			continue
		}
		ts := slices.Clone(d.Terms)
		slices.SortFunc(ts, func(a, b Term) int {
			if a.Hash < b.Hash {
				return -1
			} else if a.Hash > b.Hash {
				return 1
			}
			return 0
		})
		v := vec{terms: make([]uint32, 0, len(ts)), w: make([]float32, 0, len(ts))}
		norm := float64(d.Rest) * g.o.UnsharedWeight
		for _, t := range ts {
			w := float64(t.Weight) * g.idf(t.Hash)
			if w <= 0 {
				continue
			}
			v.terms = append(v.terms, t.Hash)
			v.w = append(v.w, float32(w))
			norm += w * w
		}
		if norm == 0 {
			continue
		}
		inv := 1 / math.Sqrt(norm)
		for j := range v.w {
			v.w[j] = float32(float64(v.w[j]) * inv)
		}
		vs[i] = v
	}
	return vs
}

// withinWindow reports whether two documents are close enough in time to
// be linked at the story level (always, when either is undated).
func (g *grouper) withinWindow(a, b int) bool {
	da, db := &g.docs[a], &g.docs[b]
	if g.o.Window <= 0 || !da.Dated || !db.Dated {
		return true
	}
	dt := da.Time - db.Time
	if dt < 0 {
		dt = -dt
	}
	return dt <= int64(g.o.Window.Seconds())
}

// timeFactor is how much story-level similarity is kept at the time
// between two documents: 1 within TimeScale (or when either is undated),
// then falling by e per further TimeScale.
func (g *grouper) timeFactor(a, b int) float64 {
	da, db := &g.docs[a], &g.docs[b]
	scale := g.o.TimeScale.Seconds()
	if scale <= 0 || !da.Dated || !db.Dated {
		return 1
	}
	dt := math.Abs(float64(da.Time - db.Time))
	if dt <= scale {
		return 1
	}
	return math.Exp(-(dt - scale) / scale)
}

// storySim is the story-level similarity of two documents: the cosine of
// their vectors, faded with the time between them, 0 outside the window.
func (g *grouper) storySim(a, b int) float64 {
	if !g.withinWindow(a, b) {
		return 0
	}
	return dot(g.vecs[a], g.vecs[b]) * g.timeFactor(a, b)
}

// storyEdges returns the pairs of documents with a story-level similarity
// above a floor. Two documents are candidates when one of them has among
// all its words one of the other's ProbeTerms heaviest words (looked up in
// an inverted index); a word held by very many documents proposes no
// candidates (it weighs little anyway). The similarity of a candidate
// uses all the words of both.
func (g *grouper) storyEdges() []edge {
	vs := g.vecs
	n := len(vs)
	// The index lists, for a word, the documents that have it among their
	// probe words: the dated ones sorted by time, so that a dated document
	// only visits those within the window, then the undated ones.
	type postings struct {
		dated, undated []int32
	}
	index := make(map[uint32]*postings)
	var ws []float32
	for i, v := range vs {
		var cut float32
		if p := g.o.ProbeTerms; p > 0 && len(v.w) > p {
			ws = append(ws[:0], v.w...)
			slices.Sort(ws)
			cut = ws[len(ws)-p]
		}
		for j, t := range v.terms {
			if v.w[j] < cut {
				continue
			}
			ps := index[t]
			if ps == nil {
				ps = &postings{}
				index[t] = ps
			}
			if g.docs[i].Dated {
				ps.dated = append(ps.dated, int32(i))
			} else {
				ps.undated = append(ps.undated, int32(i))
			}
		}
	}
	byTime := func(x, y int32) int {
		tx, ty := g.docs[x].Time, g.docs[y].Time
		switch {
		case tx < ty:
			return -1
		case tx > ty:
			return 1
		}
		return int(x - y)
	}
	for _, ps := range index {
		slices.SortFunc(ps.dated, byTime)
	}
	maxPost := max(g.o.MaxBucket*5, 1000)
	floor := g.o.StoryThreshold / 4
	window := int64(g.o.Window.Seconds())

	results := make([][]edge, g.o.Workers)
	var wg sync.WaitGroup
	for w := 0; w < g.o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen := make([]bool, n)
			var touched []int32
			visit := func(a int32, bs []int32) {
				for _, b := range bs {
					if b != a && !seen[b] {
						seen[b] = true
						touched = append(touched, b)
					}
				}
			}
			for a := w; a < n; a += g.o.Workers {
				touched = touched[:0]
				da := &g.docs[a]
				for _, t := range vs[a].terms {
					ps := index[t]
					if ps == nil || len(ps.dated)+len(ps.undated) > maxPost {
						continue
					}
					dated := ps.dated
					if da.Dated && window > 0 {
						lo, _ := slices.BinarySearchFunc(dated, da.Time-window, func(x int32, tm int64) int {
							if g.docs[x].Time < tm {
								return -1
							}
							return 1
						})
						hi, _ := slices.BinarySearchFunc(dated, da.Time+window, func(x int32, tm int64) int {
							if g.docs[x].Time <= tm {
								return -1
							}
							return 1
						})
						dated = dated[lo:hi]
					}
					visit(int32(a), dated)
					visit(int32(a), ps.undated)
				}
				for _, b := range touched {
					seen[b] = false
					// A pair is found from either side (a shared word is a
					// probe word of one of the two); keep it once.
					x, y := min(int32(a), b), max(int32(a), b)
					if s := g.storySim(int(x), int(y)); s >= floor {
						results[w] = append(results[w], edge{a: x, b: y, sim: float32(s)})
					}
				}
			}
		}()
	}
	wg.Wait()
	var edges []edge
	for _, r := range results {
		edges = append(edges, r...)
	}
	sortEdges(edges)
	return slices.CompactFunc(edges, func(x, y edge) bool { return x.a == y.a && x.b == y.b })
}

func sortEdges(edges []edge) {
	slices.SortFunc(edges, func(x, y edge) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
}

// stories groups documents into stories by average linkage: two stories
// merge only when the average similarity over all pairs of their
// articles reaches StoryThreshold. One article that resembles two
// different events (A~B, B~C) cannot glue them together, because the many
// dissimilar pairs between A's and C's articles pull the average down.
// A pair of copies is linked at least as strongly as it is a copy, so
// that a text reprinted days later stays in its story.
func (g *grouper) stories() {
	n := len(g.docs)
	g.vecs = g.vectors()
	edges := g.storyEdges()
	g.near = make([]int32, n)
	g.nearS = make([]float32, n)
	for i := range g.near {
		g.near[i] = -1
	}
	for _, e := range edges {
		for _, p := range [2][2]int32{{e.a, e.b}, {e.b, e.a}} {
			x, y := p[0], p[1]
			if g.near[x] < 0 || e.sim > g.nearS[x] || e.sim == g.nearS[x] && g.rank[y] < g.rank[g.near[x]] {
				g.near[x], g.nearS[x] = y, e.sim
			}
		}
	}
	edges = withCopies(edges, g.copies)
	g.st.StoryEdges = len(edges)
	start := make([]int32, n)
	for i := range start {
		start[i] = int32(i)
	}
	g.story = agglomerate(start, edges, g.rank, averageLink, g.o.StoryThreshold)
}

// withCopies merges copy links into story links: a pair's weight is the
// larger of its story similarity and its copy similarity.
func withCopies(edges, copies []edge) []edge {
	idx := make(map[uint64]int, len(edges))
	for i, e := range edges {
		idx[uint64(e.a)<<32|uint64(e.b)] = i
	}
	for _, c := range copies {
		k := uint64(c.a)<<32 | uint64(c.b)
		if i, ok := idx[k]; ok {
			edges[i].sim = max(edges[i].sim, c.sim)
			continue
		}
		idx[k] = len(edges)
		edges = append(edges, edge{a: c.a, b: c.b, sim: c.sim})
	}
	sortEdges(edges)
	return edges
}
