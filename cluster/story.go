package cluster

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sync"

	"github.com/samestory/samestory/minhash"
)

// vec is a story-level vector: a document's terms with a weight above 0,
// sorted by hash, each with its weight in the vector, scaled so that the
// vector of the whole article (the words left out of Terms included) has
// unit length.
type vec []Term

// dot returns the inner product of two vectors. The merge steps without
// a branch on which side is behind: which one it is cannot be predicted,
// and this takes about 60% of the time of a switch.
func dot(a, b vec) float64 {
	s := 0.0
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ha, hb := a[i].Hash, b[j].Hash
		if ha == hb {
			s += float64(a[i].Weight) * float64(b[j].Weight)
		}
		i += b2i(ha <= hb)
		j += b2i(hb <= ha)
	}
	return s
}

// b2i is 1 for true and 0 for false, which the compiler makes without a
// branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// vectors builds the story vectors: damped term counts times rarity, the
// words no other article has counting UnsharedWeight toward the length.
// A hash that Terms lists more than once is one word of the vector,
// weighing the sum of its weights.
// With Options.Spill set, a document's Terms become its vector, in place
// (Group drops them at its end); otherwise the vector is a copy.
func (g *grouper) vectors() []vec {
	vs := make([]vec, len(g.docs))
	// By hash, and a hash listed more than once by weight, so that its
	// weights are added in one order whatever theirs in Terms.
	byHash := func(a, b Term) int {
		return cmp.Or(cmp.Compare(a.Hash, b.Hash), cmp.Compare(a.Weight, b.Weight))
	}
	parallel(g.o.Workers, len(g.docs), func(i int) {
		d := &g.docs[i]
		if d.Skip != "" || len(d.Terms) == 0 {
			return
		}
		v := vec(d.Terms)
		if g.o.Spill == "" {
			v = slices.Clone(v)
		} else {
			d.Terms = nil
		}
		// Hashes that rise, as Terms come (see Doc.Terms), are in
		// order: a test of each pair without a branch, where byHash
		// would compare the weights too, as unpredictable as they are.
		rises := 1
		for j := 1; j < len(v); j++ {
			rises &= b2i(v[j-1].Hash < v[j].Hash)
		}
		if rises == 0 && !slices.IsSortedFunc(v, byHash) {
			slices.SortFunc(v, byHash)
		}
		norm := float64(d.Rest) * g.o.UnsharedWeight
		k := 0 // terms kept: those that weigh
		for j := 0; j < len(v); j++ {
			t := v[j]
			tw := float64(t.Weight)
			for ; j+1 < len(v) && v[j+1].Hash == t.Hash; j++ {
				tw += float64(v[j+1].Weight)
			}
			df, idf := 2, 1.0 // without DF, every word is shared and weighs as it is
			if g.o.DF != nil {
				df = g.o.DF(t.Hash)
				idf = g.idfs.Of(df)
			}
			w := tw * idf
			if w <= 0 {
				continue
			}
			if df < 2 {
				// No other document has it (an article of an incremental
				// run keeps such words, for later ones): it counts toward
				// the length like the words left out of Terms.
				norm += w * w * g.o.UnsharedWeight
				continue
			}
			v[k] = Term{Hash: t.Hash, Weight: float32(w)}
			k++
			norm += w * w
		}
		if norm == 0 || k == 0 {
			return
		}
		inv := 1 / math.Sqrt(norm)
		n := 0
		for _, t := range v[:k] {
			if t.Weight = float32(float64(t.Weight) * inv); t.Weight != 0 {
				v[n] = t
				n++
			}
		}
		vs[i] = v[:n:n]
	})
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
// all its words one of the other's ProbeTerms heaviest words, looked up in
// an inverted index that lists, for a word, the documents that have it
// among their probe words (the dated ones sorted by time, so that a dated
// document only visits those within the window). While visiting, a
// document accumulates the part of its similarity to each candidate that
// the shared words give (a lower bound of the whole); only when that part
// reaches the floor is the pair kept, and its whole similarity, over all
// the words of both, computed once all pairs are found (a pair found
// from both sides is measured once). A probe word held by very many
// documents within the window proposes no candidates (it weighs little
// anyway).
func (g *grouper) storyEdges() []edge {
	vs := g.vecs
	n := len(vs)
	// Documents are visited in time order, the dated ones first, so that
	// the window of a long posting list only moves forward: each worker
	// keeps, per word, where the window it last used starts. Postings
	// name documents by their place in that order, so that a window is
	// a range of places, the same for every word: [plo, phi], from the
	// first place dated at least Window before the document to the last
	// dated at most Window after it.
	order := g.inTimeOrder()
	ix := g.probeIndex(order)
	var times []int64 // of the dated places
	for _, d := range order {
		if !g.docs[d].Dated {
			break
		}
		times = append(times, g.docs[d].Time)
	}
	maxPost := max(g.o.MaxBucket*5, 1000)
	floor := g.o.StoryThreshold / 4
	probeFloor := floor
	window := int64(g.o.Window.Seconds())
	nt := ix.ids.len()

	// Each worker's candidate pairs x<<32|y (x < y), in blocks of a
	// fixed size: a growing array would leave its smaller copies behind,
	// as large as itself in all.
	const block = 1 << 16
	found := make([][][]uint64, g.o.Workers)
	// What each worker's touching loads read, summed and kept, so that
	// the compiler cannot leave them out.
	touchSum := make([]int64, g.o.Workers)
	var wg sync.WaitGroup
	for w := 0; w < g.o.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Partial similarities, by place in time order: the documents
			// within a window are near each other in memory.
			acc := make([]float32, n)
			// Where the window of each word starts.
			win := make([]int32, nt)
			var plo, phi int // this document's window, in places
			// The places visited, in the order first given a part: each
			// is written at the end and counted only when its part turns
			// from 0, without a branch on whether it does (which cannot
			// be predicted). Parts only grow (weights are not negative),
			// so a place is there at most once and n places are room
			// enough; a visit that adds nothing (a product too small for
			// a float32) lists nothing.
			touched := make([]int32, n)
			nTouched := 0
			var q []qword
			var touch int64
			defer func() { touchSum[w] = touch }()
			for k := w; k < n; k += g.o.Workers {
				a := int(order[k])
				self := int32(k)
				nTouched = 0
				da := &g.docs[a]
				va := vs[a]
				// The document's words that are probe words, looked up
				// all first: lookups that do not wait on each other
				// overlap their trips to memory.
				q = q[:0]
				for _, t := range va {
					if id := ix.ids.get(t.Hash); id >= 0 {
						q = append(q, qword{id: id, w: t.Weight})
					}
				}
				for i := range q {
					s := ix.span[q[i].id]
					q[i].off, q[i].mid, q[i].end = s.off, s.mid, ix.span[q[i].id+1].off
				}
				windowed := da.Dated && window > 0
				if windowed {
					for plo < len(times) && times[plo] < da.Time-window {
						plo++
					}
					for phi < len(times) && times[phi] <= da.Time+window {
						phi++
					}
					for i := range q {
						q[i].lo = win[q[i].id]
					}
					// Touch where each window starts, for the same reason.
					for _, qw := range q {
						if at := qw.off + qw.lo; at < qw.mid {
							touch += int64(ix.post[at].doc)
						}
					}
				}
				// The window is the places [lo, hi].
				lo, hi := int32(plo), int32(phi-1)
				// The document's own place holds -Inf while it visits,
				// so that it is never listed, without a test of every
				// posting for it.
				acc[self] = float32(math.Inf(-1))
				for _, qw := range q {
					dated, undated := ix.post[qw.off:qw.mid], ix.post[qw.mid:qw.end]
					if len(dated)+len(undated) > maxPost && (!windowed || len(dated) <= 32) {
						continue
					}
					switch {
					case !windowed:
						nTouched = accumulate(acc, touched, nTouched, qw.w, dated, math.MaxInt32)
					case len(dated) <= 32:
						// A short list starts its window afresh: the
						// place where it started last is not kept.
						l := 0
						for l < len(dated) && dated[l].doc < lo {
							l++
						}
						nTouched = accumulate(acc, touched, nTouched, qw.w, dated[l:], hi)
					default:
						l := qw.lo
						for int(l) < len(dated) && dated[l].doc < lo {
							l++
						}
						win[qw.id] = l
						dated = dated[l:]
						if room := maxPost - len(undated); len(dated) > room {
							// The window may hold too many: it does when
							// the place room after its start is in it.
							if room < 0 || dated[room].doc <= hi {
								continue
							}
						}
						nTouched = accumulate(acc, touched, nTouched, qw.w, dated, hi)
					}
					nTouched = accumulate(acc, touched, nTouched, qw.w, undated, math.MaxInt32)
				}
				acc[self] = 0
				// The candidates, those whose part reaches the floor, are
				// moved to the front of touched, again without a branch.
				nc := 0
				for _, rb := range touched[:nTouched] {
					part := acc[rb]
					acc[rb] = 0
					touched[nc] = rb
					nc += b2i(float64(part) >= probeFloor)
				}
				for _, rb := range touched[:nc] {
					b := order[rb]
					x, y := min(int32(a), b), max(int32(a), b)
					bs := found[w]
					if len(bs) == 0 || len(bs[len(bs)-1]) == block {
						bs = append(bs, make([]uint64, 0, block))
						found[w] = bs
					}
					bs[len(bs)-1] = append(bs[len(bs)-1], uint64(x)<<32|uint64(y))
				}
			}
		}()
	}
	wg.Wait()
	// The probe index goes before the pairs are gathered into one array:
	// the largest arrays of the story stage.
	ix = nil
	g.release()
	// A pair is often found from both sides: its similarity is computed
	// once, after the pairs are sorted and the repeats dropped. Each
	// worker's pairs are gathered into their own part of one array and
	// sorted there, in parallel, with their part of another as scratch
	// space; the sorted parts are then merged into the other.
	at := make([]int, len(found)+1)
	for w, bs := range found {
		at[w+1] = at[w]
		for _, b := range bs {
			at[w+1] += len(b)
		}
	}
	all, scratch := make([]uint64, at[len(found)]), make([]uint64, at[len(found)])
	parts := make([][]uint64, len(found))
	parallel(len(found), len(found), func(w int) {
		part := all[at[w]:at[w]]
		for i, b := range found[w] {
			part = append(part, b...)
			found[w][i] = nil
		}
		minhash.SortPairs(part, scratch[at[w]:at[w+1]])
		parts[w] = slices.Compact(part)
	})
	pairs := minhash.AppendUnion(scratch[:0], parts...)
	g.st.StoryCandidates = len(pairs)
	return g.storyLinks(pairs, floor)
}

// accumulate visits the postings ps, in order, up to the first whose
// place is beyond hi: it adds wa times the posting's weight to the
// partial similarity acc of its place, and lists the place in touched,
// from touched[n], when its part turns from 0. It returns the places
// listed, n included. The listing is made without a branch on whether a
// part turns from 0, which cannot be predicted: the place is written at
// the end and counted or not. Weights are never negative or NaN, so
// that parts and sums are never NaN or -0 (the visitor's own place
// holds -Inf), and a float32 of them is 0 exactly when its bits are:
// comparing those takes fewer instructions than comparing floats. One
// function for every kind of posting list, rather than closures in
// storyEdges' loop, took a tenth fewer instructions in the walk
// (callgrind, 30,000 generated articles).
func accumulate(acc []float32, touched []int32, n int, wa float32, ps []posting, hi int32) int {
	for _, p := range ps {
		if p.doc > hi {
			break
		}
		part := wa * p.w
		touched[n] = p.doc
		n += b2i(math.Float32bits(acc[p.doc]) == 0) & b2i(math.Float32bits(part) != 0)
		acc[p.doc] += part
	}
	return n
}

// storyLinks returns the pairs x<<32|y among pairs (sorted) whose
// story-level similarity reaches floor, as links in the same order,
// measured in parallel.
//
// The pairs of one first document come together, a few of them each on
// average: its vector is put in a table (see dotTable) once for them
// all, and each other document's words looked up in it, which took about
// half the time of dot's merge (BenchmarkDotTable). The similarity is
// storySim's bit for bit, window and fading included
// (TestStoryEdgesByDefinition holds the two together).
func (g *grouper) storyLinks(pairs []uint64, floor float64) []edge {
	tables := make([]dotTable, max(g.o.Workers, 1))
	for w := range tables {
		tables[w].x = -1
	}
	return keepPairs(g, pairs, g.touchVector, func(w, _ int, x, y int32) (edge, bool) {
		s := 0.0
		if g.withinWindow(int(x), int(y)) {
			t := &tables[w]
			if t.x != x {
				t.set(g.vecs[x])
				t.x = x
			}
			s = t.dot(g.vecs[y]) * g.timeFactor(int(x), int(y))
		}
		return edge{a: x, b: y, sim: float32(s)}, s >= floor
	})
}

// dotTable holds one vector, a, in an open-addressing table by its
// words' hashes, for computing a's inner product with many others.
// dot(b) equals dot(a, b) exactly: the products are added in b's order,
// which is by hash, as dot adds them.
type dotTable struct {
	x    int32  // the document whose vector it holds, for storyLinks
	slot []Term // a word, or Weight 0 where there is none
	used []int  // the slots holding a's words
	mask uint32
}

// set empties t and puts a's words in it. Words of weight 0, which add
// nothing to a product, are left out.
func (t *dotTable) set(a vec) {
	if size := max(1<<12, 1<<bits.Len(uint(16*len(a)))); len(t.slot) < size {
		t.slot, t.mask = make([]Term, size), uint32(size-1)
	} else {
		for _, i := range t.used {
			t.slot[i] = Term{}
		}
	}
	t.used = t.used[:0]
	for _, w := range a {
		if w.Weight == 0 {
			continue
		}
		i := w.Hash & t.mask
		for t.slot[i].Weight != 0 {
			i = (i + 1) & t.mask
		}
		t.slot[i] = w
		t.used = append(t.used, int(i))
	}
}

// dot returns the inner product of b with the vector t holds. An empty
// slot found with b's hash adds 0 (its weight), which leaves the sum
// as it is.
func (t *dotTable) dot(b vec) float64 {
	s := 0.0
	for _, w := range b {
		for i := w.Hash & t.mask; ; i = (i + 1) & t.mask {
			e := t.slot[i]
			if e.Hash == w.Hash {
				s += float64(e.Weight) * float64(w.Weight)
				break
			}
			if e.Weight == 0 {
				break
			}
		}
	}
	return s
}

// touchVector reads d's time and the first word of its story vector,
// which storySim reads, and returns their sum (see measurePairs).
func (g *grouper) touchVector(d int32) uint32 {
	t := uint32(g.docs[d].Time)
	if v := g.vecs[d]; len(v) > 0 {
		t += v[0].Hash
	}
	return t
}

// posting is a document in the probe index, by its place in time order
// (see storyEdges), with the weight the word has in it.
type posting struct {
	doc int32
	w   float32
}

// probeIndex is an inverted index from probe words to documents, in flat
// arrays: the postings of word number t are post[span[t].off:span[t+1].off],
// dated documents first, by time, then undated ones from post[span[t].mid].
type probeIndex struct {
	ids  *termTable // word hash → word number
	span []postSpan // one more than there are words
	post []posting
}

// qword is a word of a document visiting the probe index: its number,
// its weight in the document, where its postings are, and where its
// window started last.
type qword struct {
	id            int32
	w             float32
	off, mid, end int32
	lo            int32
}

// postSpan is where a word's postings start, and its undated ones.
type postSpan struct {
	off, mid int32
}

// probe is a probe word of a document: its word number and weight.
type probe struct {
	term int32
	w    float32
}

// probeIndex picks every document's probe words (its ProbeTerms heaviest)
// and indexes them; order is the documents in time order (see
// timeOrder). Each step runs in parallel, and the index is the same
// whatever the number of workers; only the words' numbers, which nothing
// outside the index sees, depend on it.
func (g *grouper) probeIndex(order []int32) *probeIndex {
	vs := g.vecs
	n := len(vs)
	W := max(g.o.Workers, 1)
	// The probes of document a are probes[start[a]:start[a+1]]: first
	// how many, then the words.
	cuts := make([]float32, n)
	start := make([]int32, n+1)
	parallel(W, W, func(w int) {
		var ws []float32
		for i := n * w / W; i < n*(w+1)/W; i++ {
			v := vs[i]
			var cut float32
			if p := g.o.ProbeTerms; p > 0 && len(v) > p {
				ws = ws[:0]
				for _, t := range v {
					ws = append(ws, t.Weight)
				}
				cut = NthSmallest(ws, len(ws)-p)
			}
			k := 0
			for _, t := range v {
				k += b2i(!(t.Weight < cut))
			}
			cuts[i], start[i+1] = cut, int32(k)
		}
	})
	for i := range n {
		start[i+1] += start[i]
	}
	probes := make([]probe, start[n])
	hashes := make([]uint32, start[n])
	parallel(W, W, func(w int) {
		for i := n * w / W; i < n*(w+1)/W; i++ {
			at := start[i]
			// Only words some other document has can find candidates:
			// vectors holds no others (see vectors).
			for _, t := range vs[i] {
				if !(t.Weight < cuts[i]) {
					probes[at].w, hashes[at] = t.Weight, t.Hash
					at++
				}
			}
		}
	})
	cuts = nil

	// The words, numbered: each worker collects those of its share of
	// the documents, then one table holds them all.
	ix := &probeIndex{ids: newTermTable()}
	parts := make([]*termTable, W)
	parallel(W, W, func(w int) {
		t := newTermTable()
		for _, h := range hashes[start[n*w/W]:start[n*(w+1)/W]] {
			t.put(h)
		}
		parts[w] = t
	})
	for _, t := range parts {
		for _, k := range t.keys() {
			ix.ids.put(k)
		}
	}
	parts = nil
	parallel(W, W, func(w int) {
		lo, hi := len(hashes)*w/W, len(hashes)*(w+1)/W
		for i := lo; i < hi; i++ {
			probes[i].term = ix.ids.get(hashes[i])
		}
	})
	hashes = nil

	// Counting sort of the postings by word, the documents taken in time
	// order, so that each word's postings come out in time order; each
	// worker places the documents of its share of the time order, after
	// the postings of the shares before it.
	nt := ix.ids.len()
	fills := make([][]int32, W)
	parallel(W, W, func(w int) {
		count := make([]int32, nt)
		for _, d := range order[n*w/W : n*(w+1)/W] {
			for _, p := range probes[start[d]:start[d+1]] {
				count[p.term]++
			}
		}
		fills[w] = count
	})
	ix.span = make([]postSpan, nt+1)
	off := int32(0)
	for t := range nt {
		ix.span[t].off = off
		for _, f := range fills {
			c := f[t]
			f[t] = off
			off += c
		}
	}
	ix.span[nt].off = off
	ix.post = make([]posting, off)
	parallel(W, W, func(w int) {
		fill := fills[w]
		lo := n * w / W
		for r, d := range order[lo : n*(w+1)/W] {
			for _, p := range probes[start[d]:start[d+1]] {
				ix.post[fill[p.term]] = posting{doc: int32(lo + r), w: p.w}
				fill[p.term]++
			}
		}
	})
	// The dated documents come first in time order: a word's dated
	// postings are those of the places before the first undated one.
	dated := 0
	for dated < n && g.docs[order[dated]].Dated {
		dated++
	}
	parallel(W, W, func(w int) {
		for t := nt * w / W; t < nt*(w+1)/W; t++ {
			ps := ix.post[ix.span[t].off:ix.span[t+1].off]
			k, _ := slices.BinarySearchFunc(ps, int32(dated), func(p posting, d int32) int { return cmp.Compare(p.doc, d) })
			ix.span[t].mid = ix.span[t].off + int32(k)
		}
	})
	ix.span[nt].mid = ix.span[nt].off
	return ix
}

// NthSmallest returns what xs[k] would be were xs sorted, reordering
// xs: a selection, cheaper than sorting. Each round cuts xs in three,
// below a pivot, equal to it and above it (weights and scores often
// tie), in two passes that move every value without a branch on how it
// compares: which way a value goes cannot be predicted, and a partition
// that branches on it took 2.7 times as long on vectors of 128 weights
// (BenchmarkNthSmallest). Values must be ordered (no NaN).
func NthSmallest[T cmp.Ordered](xs []T, k int) T {
	for len(xs) > 1 {
		pivot := xs[len(xs)/2]
		// Those below the pivot to the front, in xs[:lt]: a value is
		// swapped with the first of those not below (itself when there
		// is none), and the front grows past it if it is below.
		lt := 0
		for i, v := range xs {
			xs[i] = xs[lt]
			xs[lt] = v
			lt += b2i(v < pivot)
		}
		if k < lt {
			xs = xs[:lt]
			continue
		}
		// Then those equal to it, in xs[lt:eq].
		eq := lt
		for i := lt; i < len(xs); i++ {
			v := xs[i]
			xs[i] = xs[eq]
			xs[eq] = v
			eq += b2i(v == pivot)
		}
		if k < eq {
			return pivot
		}
		xs, k = xs[eq:], k-eq
	}
	return xs[0]
}

// inTimeOrder returns the documents in time order (see timeOrder).
func (g *grouper) inTimeOrder() []int32 {
	order := make([]int32, len(g.docs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, g.timeOrder)
	return order
}

// timeOrder compares documents x and y: dated ones first, by time, then
// undated ones, ties by number.
func (g *grouper) timeOrder(x, y int32) int {
	dx, dy := &g.docs[x], &g.docs[y]
	switch {
	case dx.Dated != dy.Dated:
		if dx.Dated {
			return -1
		}
		return 1
	case dx.Dated && dx.Time != dy.Time:
		if dx.Time < dy.Time {
			return -1
		}
		return 1
	}
	return int(x - y)
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
	g.story = agglomerate(g.priorStories(), edges, g.rank, averageLink, g.o.StoryThreshold, g.o.Workers)
}

// withCopies merges copy links into story links: a pair's weight is the
// larger of its story similarity and its copy similarity. Both are sorted
// by pair, without repeats; the merge runs from the back, in the room
// after edges when there is enough, so that no second array of links is
// made.
func withCopies(edges, copies []edge) []edge {
	have, need := len(edges), len(edges)+len(copies)
	if cap(edges) < need {
		edges = append(make([]edge, 0, need), edges...)
	}
	edges = edges[:need]
	less := func(x, y edge) bool { return x.a < y.a || x.a == y.a && x.b < y.b }
	// i reads edges, j reads copies, k writes; k-i > j always holds, so
	// that what k writes has been read.
	i, j, k := have-1, len(copies)-1, need-1
	for ; j >= 0; k-- {
		c := copies[j]
		switch {
		case i >= 0 && less(c, edges[i]):
			edges[k] = edges[i]
			i--
		case i >= 0 && !less(edges[i], c):
			e := edges[i]
			e.sim = max(e.sim, c.sim)
			edges[k] = e
			i--
			j--
		default:
			edges[k] = c
			j--
		}
	}
	// Pairs in both leave a gap between the front, untouched, and the
	// merged back.
	if gap := k - i; gap > 0 {
		copy(edges[i+1:], edges[k+1:])
		edges = edges[:need-gap]
	}
	return edges
}

// parallel calls f(i) for i in [0, n) on the given number of goroutines.
func parallel(workers, n int, f func(i int)) {
	if workers <= 1 || n < 2 {
		for i := range n {
			f(i)
		}
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				f(i)
			}
		}()
	}
	wg.Wait()
}

// termTable maps word hashes to word numbers 0, 1, 2, ... in the order
// first put: open addressing with linear probing, cheaper than a map for
// the many lookups of the story level.
type termTable struct {
	slots []termSlot
	n     int
}

// termSlot is a slot of a termTable: a word and its number side by side,
// one memory access away.
type termSlot struct {
	key uint32
	val int32 // -1: empty slot
}

func newTermTable() *termTable {
	t := &termTable{}
	t.resize(1 << 10)
	return t
}

func (t *termTable) resize(size int) {
	old := t.slots
	t.slots = make([]termSlot, size)
	for i := range t.slots {
		t.slots[i].val = -1
	}
	for _, s := range old {
		if s.val >= 0 {
			t.slots[t.slot(s.key)] = s
		}
	}
}

func (t *termTable) slot(k uint32) int {
	mask := len(t.slots) - 1
	i := int(k*0x9E3779B1>>7) & mask
	for t.slots[i].val >= 0 && t.slots[i].key != k {
		i = (i + 1) & mask
	}
	return i
}

// put returns the number of k, numbering it if it is new.
func (t *termTable) put(k uint32) int32 {
	i := t.slot(k)
	if t.slots[i].val >= 0 {
		return t.slots[i].val
	}
	v := int32(t.n)
	t.n++
	t.slots[i] = termSlot{k, v}
	if 2*t.n > len(t.slots) {
		t.resize(2 * len(t.slots))
	}
	return v
}

// get returns the number of k, or -1.
func (t *termTable) get(k uint32) int32 { return t.slots[t.slot(k)].val }

func (t *termTable) len() int { return t.n }

// keys returns the words in the order they were numbered.
func (t *termTable) keys() []uint32 {
	ks := make([]uint32, t.n)
	for _, s := range t.slots {
		if s.val >= 0 {
			ks[s.val] = s.key
		}
	}
	return ks
}

// priorStories returns the clusters stories start from: every document on
// its own, except that documents given the same label in Options.Prior
// start together, named by their most preferred member.
func (g *grouper) priorStories() []int32 {
	n := len(g.docs)
	start := make([]int32, n)
	for i := range start {
		start[i] = int32(i)
	}
	name := make(map[int32]int32) // label → most preferred member
	for i, l := range g.o.Prior {
		if i >= n || l < 0 {
			continue
		}
		if c, ok := name[l]; !ok || g.rank[i] < g.rank[c] {
			name[l] = int32(i)
		}
	}
	for i, l := range g.o.Prior {
		if i < n && l >= 0 {
			start[i] = name[l]
		}
	}
	return start
}
