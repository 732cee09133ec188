package cluster

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/samestory/samestory/minhash"
)

// edge is a verified link between two documents (by doc number).
type edge struct {
	a, b int32
	sim  float32 // the link's similarity
}

// copyEvidence is what copyOf measured between two documents: their link,
// with the resemblance and containment behind its similarity.
type copyEvidence struct {
	edge
	measures
}

// measures are the estimated resemblance and containment of two
// documents' word shingles.
type measures struct {
	res, con float32
}

// findCopies finds and verifies the pairs of documents that are copies of
// one text.
//
// Candidates come from two places: LSH buckets of the MinHash signatures
// (texts that resemble each other as a whole) and shared values of the
// consistent samples (texts that share passages, such as a short version
// of a long one). A candidate is a copy when the estimated Jaccard
// similarity reaches Resemblance, or, for articles published within the
// time window, when the share of the shorter text's sampled shingles found
// in the longer one reaches Containment. Sampled shingles that many
// different texts hold (a template, a formula) weigh less in that share,
// so that two announcements built on one formula are not taken for
// copies because of it.
func (g *grouper) findCopies() {
	g.rkTime = g.rankTimes()
	defer func() { g.rkTime = nil }()
	occs := g.newOccRounds()
	cands := g.copyCandidates(occs)
	g.st.DupCandidates = len(cands)
	agree := g.valueSpread(cands, occs)
	g.valueWeights()
	g.weights, g.weighted = nil, nil // in g.vw now
	g.copies, g.copyMeasures = g.verify(cands, agree)
	g.st.DupEdges = len(g.copies)
}

// occ is one sampled shingle value of one document (by rank).
type occ struct {
	v uint32
	r uint32
}

// occRounds hands out the sampled values of all documents sorted by
// value, then rank, in rounds of at most occBudget values (more only
// when one partition holds more), so that memory need not hold them all
// at once: 8 bytes each, about 90 per article. Documents are numbered by
// rank, so that when a value is held by too many documents the most
// preferred ones keep their pairs.
//
// A round is filled by the workers at once, each from its share of the
// ranks (cut), into the places the counts of the shares before it leave
// (from). A document's values are sorted, so those of a round follow the
// ones the rounds before took: each round starts where the last stopped
// (next) and reads only its own.
type occRounds struct {
	g *grouper
	// start[p] is where partition p (values with top bits p) starts among
	// all values; round k covers partitions parts[k] to parts[k+1].
	start [occParts + 1]int
	parts []int
	// Worker w fills from the ranks cut[w] to cut[w+1]; the values of
	// partition p of those ranks start at from[w][p] among all values.
	cut  []int
	from [][occParts]int
	// next[r] is the first value of the document of rank r that no round
	// has handed out yet.
	next []int32
	buf  []occ
	// sorted tells that buf holds the one round's values, sorted.
	sorted bool
}

// Sampled values are sorted in occParts partitions by their top bits, a
// counting sort, so that the partitions can be sorted in parallel;
// partitions in order, each sorted, are all values sorted.
const (
	occShift = 26
	occParts = 1 << (32 - occShift)
)

// occBudget is the most sampled values a round holds (128 MiB), unless
// a test sets grouper.occBudget.
const occBudget = 1 << 24

// newOccRounds counts the sampled values of each partition and plans the
// rounds. A sample whose values are not sorted, as minhash.Sample says
// they are, is sorted here: the rounds and the comparison of samples
// rely on it.
func (g *grouper) newOccRounds() *occRounds {
	W := max(g.o.Workers, 1)
	n := len(g.byRk)
	o := &occRounds{g: g, parts: []int{0}, cut: make([]int, W+1), from: make([][occParts]int, W)}
	for w := range W + 1 {
		o.cut[w] = n * w / W
	}
	counts := make([][occParts]int, W)
	parallel(W, W, func(w int) {
		c := &counts[w]
		for _, d := range g.byRk[o.cut[w]:o.cut[w+1]] {
			if doc := &g.docs[d]; doc.Skip == "" {
				vs := doc.Sample.Values
				if !slices.IsSorted(vs) {
					slices.Sort(vs)
				}
				for _, v := range vs {
					c[v>>occShift]++
				}
			}
		}
	})
	for p := range occParts {
		at := o.start[p]
		for w := range W {
			o.from[w][p] = at
			at += counts[w][p]
		}
		o.start[p+1] = at
	}
	for p := 1; p <= occParts; p++ {
		first := o.parts[len(o.parts)-1]
		if p == occParts || o.start[p+1]-o.start[first] > g.occBudget {
			o.parts = append(o.parts, p)
		}
	}
	o.next = make([]int32, n)
	return o
}

// each calls f with every round's values, sorted, in order of value.
func (o *occRounds) each(f func([]occ)) {
	g := o.g
	clear(o.next)
	for k := 0; k+1 < len(o.parts); k++ {
		lo, hi := o.parts[k], o.parts[k+1]
		base := o.start[lo]
		n := o.start[hi] - base
		if o.sorted {
			f(o.buf[:n])
			continue
		}
		if cap(o.buf) < n {
			o.buf = make([]occ, n)
		}
		occs := o.buf[:n]
		parallel(len(o.from), len(o.from), func(w int) {
			var fill [occParts]int
			for p := lo; p < hi; p++ {
				fill[p] = o.from[w][p] - base
			}
			for r := o.cut[w]; r < o.cut[w+1]; r++ {
				doc := &g.docs[g.byRk[r]]
				if doc.Skip != "" {
					continue
				}
				vs := doc.Sample.Values
				i := int(o.next[r])
				for ; i < len(vs); i++ {
					v := vs[i]
					p := int(v >> occShift)
					if p >= hi {
						break
					}
					occs[fill[p]] = occ{v, uint32(r)}
					fill[p]++
				}
				o.next[r] = int32(i)
			}
		})
		o.sortParts(occs, lo, hi)
		o.sorted = len(o.parts) == 2 // one round: kept for the next visit
		f(occs)
	}
}

// copyCandidates returns candidate pairs as doc numbers a<<32|b, a < b,
// sorted and without repeats: pairs that LSH finds, and pairs that share
// at least MinShared sampled values. Documents are numbered by rank
// inside the LSH index, so that when a bucket is too large the most
// preferred documents keep their pairs.
func (g *grouper) copyCandidates(occs *occRounds) []uint64 {
	ix := minhash.NewIndex(g.o.LSH)
	ix.SetWorkers(g.o.Workers)
	// Added in document order, the order their signatures were made in
	// and mostly lie in memory (see minhash.Index.Add).
	for d := range g.docs {
		if doc := &g.docs[d]; doc.Skip == "" && len(doc.Sig) > 0 {
			ix.Add(uint32(g.rank[d]), doc.Sig)
		}
	}
	byRank, st := ix.Pairs(g.o.MaxBucket)
	g.st.LSH = st
	ix = nil
	// What bucketing freed goes back before the pairs that share sampled
	// values are counted: the largest memory of a run.
	g.release()

	// Pairs are counted over all values: counted per round, a pair that
	// shares values in many rounds would be held many times.
	// Workers count pieces of each round, cut between values, and their
	// counts are added up at the end.
	W := max(g.o.Workers, 1)
	pcs := make([]pairCounter, W)
	for w := range pcs {
		pcs[w] = pairCounter{known: byRank, limit: pairFold / W} // known: sorted, a < b
	}
	occs.each(func(occs []occ) {
		parallel(W, W, func(w int) {
			g.sharedValues(&pcs[w], occs[valueCut(occs, w, W):valueCut(occs, w+1, W)])
		})
	})
	counted := *pcs[0].total()
	for w := range pcs {
		if w > 0 {
			c := pcs[w].total()
			counted.merge(c.pairs, c.n)
		}
		g.st.SampleValues += pcs[w].values
		g.st.OversizedValues += pcs[w].oversized
		pcs[w] = pairCounter{}
	}
	// A pair sharing fewer than MinShared sampled shingles cannot be a
	// partial copy (see copyOf); only LSH can propose it, as a
	// resemblance.
	for i, p := range counted.pairs {
		if int(counted.n[i]) >= g.o.MinShared {
			byRank = append(byRank, p)
		}
	}
	// The counted pairs' array, no longer needed, is the sort's scratch
	// space when it is large enough (it mostly is): no more memory at the
	// stage that takes the most.
	scratch := counted.pairs[:cap(counted.pairs)]
	counted = pairCounts{}
	// Back from ranks to doc numbers, in place.
	for i, p := range byRank {
		a, b := g.byRk[p>>32], g.byRk[uint32(p)]
		if a > b {
			a, b = b, a
		}
		byRank[i] = uint64(a)<<32 | uint64(b)
	}
	if len(scratch) < len(byRank) {
		scratch = make([]uint64, len(byRank))
	}
	minhash.SortPairs(byRank, scratch)
	return slices.Compact(byRank)
}

// sortParts sorts the values of partitions lo to hi of a round, each
// on its own, in parallel: a stable radix sort by value of each
// partition's values, which the round filled in order of rank, sorts
// them by value, then rank. Each worker has its own scratch space, the
// size of the largest partition.
func (o *occRounds) sortParts(occs []occ, lo, hi int) {
	base := o.start[lo]
	part := func(p int) []occ { return occs[o.start[p]-base : o.start[p+1]-base] }
	largest := 0
	for p := lo; p < hi; p++ {
		largest = max(largest, len(part(p)))
	}
	workers := max(1, min(o.g.o.Workers, hi-lo))
	var next atomic.Int64
	next.Store(int64(lo))
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scratch := make([]occ, largest)
			for p := int(next.Add(1) - 1); p < hi; p = int(next.Add(1) - 1) {
				radixOccs(part(p), scratch)
			}
		}()
	}
	wg.Wait()
}

// radixBits is the width of one digit of radixOccs: two digits cover
// the occShift bits below a partition's top bits.
const radixBits = (occShift + 1) / 2

// radixOccs sorts occs stably by the low occShift bits of their values
// (the bits above are the same in a partition), in two passes through
// scratch, which must be at least as long.
func radixOccs(occs, scratch []occ) {
	if len(occs) < 2 {
		return
	}
	src, dst := occs, scratch[:len(occs)]
	for shift := 0; shift < occShift; shift += radixBits {
		var count [1<<radixBits + 1]int
		for _, x := range src {
			count[(x.v>>shift)&(1<<radixBits-1)+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		for _, x := range src {
			k := (x.v >> shift) & (1<<radixBits - 1)
			dst[count[k]] = x
			count[k]++
		}
		src, dst = dst, src
	}
	if &src[0] != &occs[0] {
		copy(occs, src)
	}
}

// pairCounter counts the pairs of documents that share sampled values:
// shared holds a pair once per value, and is folded into counted
// whenever it grows large, so that memory follows the number of distinct
// pairs. Pairs in known (sorted), candidates already whatever they
// share, are not counted: among copies of one text, most pairs.
type pairCounter struct {
	counted pairCounts
	shared  []uint64
	holders []holder
	known   []uint64
	limit   int // shared is folded when it holds this many

	values, oversized int // sampled values seen, and those too common to pair
}

// pairFold is how many pairs the pairCounters of one grouping hold,
// together, before folding them.
const pairFold = 1 << 22

func (pc *pairCounter) add(a, b uint32) {
	pc.shared = append(pc.shared, uint64(min(a, b))<<32|uint64(max(a, b)))
	if len(pc.shared) >= pc.limit {
		pc.counted.fold(pc.shared, pc.known)
		pc.shared = pc.shared[:0]
	}
}

// total returns the pairs counted.
func (pc *pairCounter) total() *pairCounts {
	pc.counted.fold(pc.shared, pc.known)
	pc.shared = nil
	return &pc.counted
}

// sharedValues counts into pc the pairs of documents (by rank) that
// share sampled values, given sorted by value.
func (g *grouper) sharedValues(pc *pairCounter, occs []occ) {
	for i := 0; i < len(occs); {
		j := i + 1
		for j < len(occs) && occs[j].v == occs[i].v {
			j++
		}
		pc.values++
		switch {
		case j-i == 1:
			// Held by one document (most values): no pair, and no need
			// to look up its time.
		case g.o.MaxBucket > 0 && j-i > g.o.MaxBucket:
			// A shingle that very many articles share is a formula, not
			// evidence of copying: it proposes no pairs (and making them
			// would be quadratic work).
			pc.oversized++
		default:
			pc.holders = g.byTime(pc.holders[:0], occs[i:j])
			g.pairWithin(pc.holders, pc.add)
		}
		i = j
	}
}

// valueSpread measures, for every sampled value held by more than one
// document, how many different texts hold it and on how many days: the
// documents are first joined into components of near-identical texts
// (estimated resemblance at or above Resemblance), and the value's spread
// is the number of components among its holders. A passage copied by
// twenty outlets has spread 1 and is found on a day or two; a formula
// used in twenty announcements has spread 20, and recurs day after day.
// It returns the signatures' agreement of every candidate (see
// resemblance), which verification needs again.
func (g *grouper) valueSpread(cands []uint64, rounds *occRounds) []uint16 {
	uf := newUnionFind(len(g.docs))
	// Resemblances are measured in parallel, in blocks, and joined in
	// order.
	const block = 1 << 16
	agree := make([]uint16, len(cands))
	for lo := 0; lo < len(cands); lo += block {
		part := cands[lo:min(lo+block, len(cands))]
		g.measurePairs(part, g.touchSig, func(_, i int, a, b int32) {
			agree[lo+i] = uint16(min(minhash.Agreement(g.docs[a].Sig, g.docs[b].Sig), math.MaxUint16))
		})
		for i, p := range part {
			a, b := int32(p>>32), int32(uint32(p))
			if g.resemblance(a, b, agree[lo+i]) >= g.o.Resemblance {
				uf.union(a, b)
			}
		}
	}
	// Every document's component and day, by rank, side by side in 8
	// bytes, so that rounds read them in one trip to memory: the day is
	// day<<1 | 1 for a dated document, 0 for an undated one (days 2^31
	// apart, some six million years, count as one).
	type compDay struct {
		comp int32
		day  uint32
	}
	cds := make([]compDay, len(g.byRk))
	for r, d := range g.byRk {
		t, dated := g.timeOfRank(uint32(r))
		cds[r] = compDay{uf.find(d), uint32(floorDiv(t, 86400))<<1 | uint32(b2i(dated))}
	}
	uf = nil
	g.weights = newCodeTable()
	g.weighted = make([]uint64, weightedBits/64)
	type weighed struct {
		v uint32
		c weightCode
	}
	found := make([][]weighed, g.o.Workers)
	rounds.each(func(occs []occ) {
		// Workers take pieces of the round cut between values, and the
		// weights they find are recorded in order.
		parallel(g.o.Workers, g.o.Workers, func(w int) {
			lo, hi := valueCut(occs, w, g.o.Workers), valueCut(occs, w+1, g.o.Workers)
			found[w] = found[w][:0]
			var comps []int32
			var days []uint32
			for i := lo; i < hi; {
				j := i + 1
				for j < hi && occs[j].v == occs[i].v {
					j++
				}
				if j-i > 1 {
					comps, days = comps[:0], days[:0]
					for _, o := range occs[i:j] {
						cd := cds[o.r]
						comps = append(comps, cd.comp)
						if cd.day&1 != 0 {
							days = append(days, cd.day)
						}
					}
					slices.Sort(comps)
					slices.Sort(days)
					if c := g.spreadCode(len(slices.Compact(comps)), len(slices.Compact(days))); c != 0 {
						found[w] = append(found[w], weighed{occs[i].v, c})
					}
				}
				i = j
			}
		})
		for _, f := range found {
			for _, x := range f {
				g.weights.put(x.v, x.c)
				g.weighted[x.v%weightedBits/64] |= 1 << (x.v % 64)
			}
		}
	})
	return agree
}

// valueCut is where piece k of n of sorted values starts: at k/n of
// them, moved on past the holders of the value there.
func valueCut(occs []occ, k, n int) int {
	i := len(occs) * k / n
	if i == 0 || i >= len(occs) {
		return i
	}
	for i < len(occs) && occs[i].v == occs[i-1].v {
		i++
	}
	return i
}

// weightedBits is the size of the filter in front of grouper.weights.
const weightedBits = 1 << 24

// codeTable maps sampled values to their weight codes: open addressing
// with linear probing, a value and its code side by side, one trip to
// memory where a Go map takes more. Code 0 (weight 1) is never kept: it
// marks an empty slot.
type codeTable struct {
	slots []codeSlot
	n     int
}

type codeSlot struct {
	v uint32
	c weightCode
}

func newCodeTable() *codeTable { return &codeTable{slots: make([]codeSlot, 1<<10)} }

func (t *codeTable) slot(v uint32) int {
	mask := len(t.slots) - 1
	i := int(uint64(v)*0x9E3779B97F4A7C15>>32) & mask
	for t.slots[i].c != 0 && t.slots[i].v != v {
		i = (i + 1) & mask
	}
	return i
}

// put sets the code of v; c must not be 0.
func (t *codeTable) put(v uint32, c weightCode) {
	i := t.slot(v)
	if t.slots[i].c == 0 {
		t.n++
	}
	t.slots[i] = codeSlot{v, c}
	if 2*t.n > len(t.slots) {
		old := t.slots
		t.slots = make([]codeSlot, 2*len(old))
		for _, s := range old {
			if s.c != 0 {
				t.slots[t.slot(s.v)] = s
			}
		}
	}
}

// get returns the code of v, 0 when it has none.
func (t *codeTable) get(v uint32) weightCode { return t.slots[t.slot(v)].c }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// weightCode is the weight of a sampled shingle in 16 bits: 0 weighs 1;
// otherwise the weight is CommonValue divided by the code, or, with
// byDays set, CommonDays divided by the rest of it (see spreadCode).
// Every document keeps one per sampled value through grouping, so they
// are small.
type weightCode uint16

const (
	byDays    weightCode = 1 << 15
	maxDivide            = 1<<15 - 1
)

// spreadCode codes the weight of a sampled shingle found in texts
// different texts, on days different days: 1 unless it occurs in more
// than CommonValue different texts, or in articles of more than
// CommonDays different days; then CommonValue/texts or CommonDays/days,
// whichever is less. A shingle in more than 32,767 texts or days weighs
// as if in 32,767.
func (g *grouper) spreadCode(texts, days int) weightCode {
	var c weightCode
	w := 1.0
	if texts > g.o.CommonValue {
		texts = min(texts, maxDivide)
		c, w = weightCode(texts), float64(g.o.CommonValue)/float64(texts)
	}
	if D := g.o.CommonDays; D > 0 && days > D {
		days = min(days, maxDivide)
		if float64(D)/float64(days) < w {
			c = byDays | weightCode(days)
		}
	}
	return c
}

// weightTable returns the weights of all codes, by code: decoding once
// what copyOf would otherwise decode for every value it compares.
func (g *grouper) weightTable() []float64 {
	t := make([]float64, 1<<16)
	for c := range t {
		t[c] = g.weightOf(weightCode(c))
	}
	return t
}

// weightOf decodes a weight code.
func (g *grouper) weightOf(c weightCode) float64 {
	switch {
	case c == 0:
		return 1
	case c&byDays != 0:
		return float64(g.o.CommonDays) / float64(c&^byDays)
	}
	return float64(g.o.CommonValue) / float64(c)
}

// valueCode is the weight code of a sampled shingle.
func (g *grouper) valueCode(v uint32) weightCode {
	if g.weighted[v%weightedBits/64]&(1<<(v%64)) == 0 {
		return 0
	}
	return g.weights.get(v)
}

// valueWeights looks up, once per document, the weight codes of its
// sampled values (nil when all weigh 1).
func (g *grouper) valueWeights() {
	g.vw = make([][]weightCode, len(g.docs))
	g.wt = g.weightTable()
	parallel(g.o.Workers, len(g.docs), func(d int) {
		vs := g.docs[d].Sample.Values
		var w []weightCode
		for i, v := range vs {
			c := g.valueCode(v)
			if c != 0 && w == nil {
				w = make([]weightCode, len(vs))
			}
			if w != nil {
				w[i] = c
			}
		}
		g.vw[d] = w
	})
}

// resemblance is minhash.Similarity of the signatures of a and b, given
// their agreement (minhash.Agreement, at most math.MaxUint16): measured
// again only for signatures so long that the agreement may not fit.
func (g *grouper) resemblance(a, b int32, agree uint16) float64 {
	k := len(g.docs[a].Sig)
	if k > math.MaxUint16 {
		return minhash.Similarity(g.docs[a].Sig, g.docs[b].Sig)
	}
	if agree == 0 {
		return 0
	}
	return float64(agree) / float64(k)
}

// verify checks candidate pairs in parallel and returns the copies found,
// in the order of cands, with what was measured of each. agree[i] is the
// agreement of the signatures of cands[i] (see resemblance), so that
// only the samples need to be read.
func (g *grouper) verify(cands []uint64, agree []uint16) ([]edge, []measures) {
	found := keepPairs(g, cands, g.touchSample, func(_, k int, a, b int32) (copyEvidence, bool) {
		// Two documents too far apart in time to be copies by
		// containment are copies only by resemblance: when that falls
		// short, their samples need not be read.
		res := g.resemblance(a, b, agree[k])
		if res < g.o.Resemblance && !g.withinWindow(int(a), int(b)) {
			return copyEvidence{}, false
		}
		return g.copyWith(a, b, res)
	})
	edges, ms := make([]edge, len(found)), make([]measures, len(found))
	for i, e := range found {
		edges[i], ms[i] = e.edge, e.measures
	}
	return edges, ms
}

// keepPairs measures the pairs a<<32|b with measure, in parallel (see
// measurePairs, which touch is for), and returns the links it keeps, in
// the order of pairs. It works in blocks, so that memory holds the links
// kept and not a result for every pair. measure is given the worker
// (see measurePairs) and the place of the pair in pairs too.
func keepPairs[T any](g *grouper, pairs []uint64, touch func(d int32) uint32, measure func(w, k int, a, b int32) (T, bool)) []T {
	const block = 1 << 16
	found := make([]T, min(block, len(pairs)))
	ok := make([]bool, len(found))
	var edges []T
	for lo := 0; lo < len(pairs); lo += block {
		hi := min(lo+block, len(pairs))
		g.measurePairs(pairs[lo:hi], touch, func(w, i int, a, b int32) {
			found[i], ok[i] = measure(w, lo+i, a, b)
		})
		for i := range hi - lo {
			if ok[i] {
				edges = append(edges, found[i])
			}
		}
	}
	return edges
}

// measurePairs calls f(w, i, a, b) for every pair part[i] = a<<32 | b,
// in parallel: worker w, from 0 to Workers-1, is given the pairs of one
// range of part, in order. The second documents of the pairs are in no order: what f
// reads of touchBatch of them is touched all first (touch(d) loads it and
// returns a sum of what it read), then the pairs measured, so that the
// trips to memory overlap. (The first documents are mostly the same one
// again.)
func (g *grouper) measurePairs(part []uint64, touch func(d int32) uint32, f func(w, i int, a, b int32)) {
	W := max(g.o.Workers, 1)
	// What each worker's touching loads read, kept so that the compiler
	// cannot leave them out.
	touched := make([]uint32, W)
	parallel(W, W, func(w int) {
		from, to := len(part)*w/W, len(part)*(w+1)/W
		var t uint32
		for i := from; i < to; i += touchBatch {
			end := min(i+touchBatch, to)
			for _, p := range part[i:end] {
				t += touch(int32(uint32(p)))
			}
			for j := i; j < end; j++ {
				f(w, j, int32(part[j]>>32), int32(uint32(part[j])))
			}
		}
		touched[w] = t
	})
}

// touchBatch is how many pairs measurePairs touches the features of
// before measuring them.
const touchBatch = 16

// touchSig reads the first value of d's signature, which valueSpread
// reads, and returns it: a load for its side effect of bringing it into
// the cache (see measurePairs).
func (g *grouper) touchSig(d int32) uint32 {
	if sig := g.docs[d].Sig; len(sig) > 0 {
		return sig[0]
	}
	return 0
}

// touchSample reads the first value of d's sample and of its weights,
// which verify reads, and returns their sum (see touchSig).
func (g *grouper) touchSample(d int32) uint32 {
	var t uint32
	if vs := g.docs[d].Sample.Values; len(vs) > 0 {
		t += vs[0]
	}
	if len(g.vw) > 0 { // the weights, once valueWeights has run
		if w := g.vw[d]; len(w) > 0 {
			t += uint32(w[0])
		}
	}
	return t
}

// copyTo returns the evidence that a is a copy of c, the canonical of
// its near-duplicate group: what verification measured when the two are
// linked, or a measure made now when a copy reaches its canonical only
// through other members (see featuresNeeded).
func (g *grouper) copyTo(a, c int32) copyEvidence {
	x, y := min(a, c), max(a, c)
	k, found := slices.BinarySearchFunc(g.copies, y, func(e edge, y int32) int {
		return cmp.Or(cmp.Compare(e.a, x), cmp.Compare(e.b, y))
	})
	if !found {
		e, _ := g.copyOf(a, c)
		return e
	}
	return copyEvidence{edge: edge{a: a, b: c, sim: g.copies[k].sim}, measures: g.copyMeasures[k]}
}

// copyOf measures two documents' shingle overlap and decides whether they
// are copies of one text.
func (g *grouper) copyOf(a, b int32) (copyEvidence, bool) {
	return g.copyWith(a, b, minhash.Similarity(g.docs[a].Sig, g.docs[b].Sig))
}

// copyWith is copyOf given the documents' resemblance, res.
func (g *grouper) copyWith(a, b int32, res float64) (copyEvidence, bool) {
	da, db := &g.docs[a], &g.docs[b]
	shared, na, nb, raw := minhash.OverlapCoded(da.Sample, db.Sample, g.vw[a], g.vw[b], g.wt)
	con := 0.0
	if small := min(na, nb); small > 0 {
		con = shared / small
	}
	e := copyEvidence{edge: edge{a: a, b: b}, measures: measures{res: float32(res), con: float32(con)}}
	e.sim = max(e.res, e.con)
	isCopy := res >= g.o.Resemblance ||
		con >= g.o.Containment && raw >= g.o.MinShared && g.withinWindow(int(a), int(b))
	return e, isCopy
}

// groups makes the near-duplicate groups: the documents linked by copying
// inside each story. Its canonical is the group's most preferred member.
func (g *grouper) groups() {
	n := len(g.docs)
	var inStory []edge
	for _, e := range g.copies {
		if g.story[e.a] == g.story[e.b] {
			inStory = append(inStory, e)
		}
	}
	g.center = components(n, inStory, g.rank, 0)
	members := make([]int, n)
	for d := range g.docs {
		if c := g.center[d]; c != int32(d) {
			members[c]++
		}
	}
	for _, c := range members {
		if c > 0 {
			g.st.DupGroups++
		}
	}
	// A copy reached through another member names the member it copies
	// best (its strongest in-group link), so the chain can be followed.
	adj := adjacency(n, inStory)
	g.via = make([]int32, n)
	for d := range g.docs {
		g.via[d] = -1
		c := g.center[d]
		if c == int32(d) {
			continue
		}
		direct, best, bestSim := false, int32(-1), float32(-1)
		for _, e := range adj.of(int32(d)) {
			o := e.other(int32(d))
			if o == c {
				direct = true
				break
			}
			if g.center[o] == c && (e.sim > bestSim || e.sim == bestSim && g.rank[o] < g.rank[best]) {
				best, bestSim = o, e.sim
			}
		}
		if !direct {
			g.via[d] = best
		}
	}
}

// unionFind is a disjoint-set forest over document numbers.
type unionFind []int32

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = int32(i)
	}
	return u
}

func (u unionFind) find(x int32) int32 {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}

func (u unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		u[max(ra, rb)] = min(ra, rb)
	}
}

// adj is a compact adjacency list.
type adj struct {
	start []int32
	edges []edge
}

func adjacency(n int, edges []edge) adj {
	deg := make([]int32, n+1)
	for _, e := range edges {
		deg[e.a+1]++
		deg[e.b+1]++
	}
	for i := 1; i <= n; i++ {
		deg[i] += deg[i-1]
	}
	out := make([]edge, len(edges)*2)
	pos := slices.Clone(deg[:n])
	for _, e := range edges {
		out[pos[e.a]] = e
		pos[e.a]++
		out[pos[e.b]] = e
		pos[e.b]++
	}
	return adj{start: deg, edges: out}
}

func (a adj) of(d int32) []edge { return a.edges[a.start[d]:a.start[d+1]] }

func (e edge) other(d int32) int32 {
	if e.a == d {
		return e.b
	}
	return e.a
}

// pairCounts holds pairs of documents, sorted, and how many sampled
// values each shares, up to maxShared: two arrays rather than one of
// structs, 10 bytes a pair rather than 16, merged in place.
type pairCounts struct {
	pairs   []uint64
	n       []uint16
	add     []uint16 // scratch: the counts of the pairs being folded in
	scratch []uint64 // scratch: the pairs being folded in, while sorted
}

// maxShared is where counts stop: more than any MinShared a sample
// allows.
const maxShared = math.MaxUint16

// fold adds pairs (each occurrence counting 1) into c; pairs is
// reordered and overwritten. Pairs in known (sorted) are left out.
func (c *pairCounts) fold(pairs, known []uint64) {
	if len(pairs) == 0 {
		return
	}
	c.scratch = slices.Grow(c.scratch[:0], len(pairs))
	minhash.SortPairs(pairs, c.scratch[:len(pairs)])
	// The distinct pairs to add and their counts, compacted at the front
	// of pairs.
	c.add = slices.Grow(c.add[:0], len(pairs))
	m, k := 0, 0
	for i := 0; i < len(pairs); {
		p := pairs[i]
		j := i + 1
		for j < len(pairs) && pairs[j] == p {
			j++
		}
		for k < len(known) && known[k] < p {
			k++
		}
		if k == len(known) || known[k] != p {
			pairs[m] = p
			c.add = append(c.add, uint16(min(j-i, maxShared)))
			m++
		}
		i = j
	}
	c.merge(pairs[:m], c.add)
}

// merge adds pairs (sorted, distinct) with counts ns into c: from the
// back, in place, so that memory holds no second copy of c unless c
// must grow.
func (c *pairCounts) merge(pairs []uint64, ns []uint16) {
	if len(pairs) == 0 {
		return
	}
	have, need := len(c.pairs), len(c.pairs)+len(pairs)
	if cap(c.pairs) < need {
		size := need + need/4
		c.pairs = append(make([]uint64, 0, size), c.pairs...)
		c.n = append(make([]uint16, 0, size), c.n...)
	}
	c.pairs, c.n = c.pairs[:need], c.n[:need]
	// i reads c, j reads pairs, k writes; k-i > j always holds, so that
	// what k writes has been read.
	i, j, k := have-1, len(pairs)-1, need-1
	for ; j >= 0; k-- {
		switch {
		case i >= 0 && c.pairs[i] > pairs[j]:
			c.pairs[k], c.n[k] = c.pairs[i], c.n[i]
			i--
		case i >= 0 && c.pairs[i] == pairs[j]:
			c.pairs[k], c.n[k] = pairs[j], uint16(min(int(c.n[i])+int(ns[j]), maxShared))
			i--
			j--
		default:
			c.pairs[k], c.n[k] = pairs[j], ns[j]
			j--
		}
	}
	// Pairs counted on both sides leave a gap between c's untouched front
	// and the merged back.
	if gap := k - i; gap > 0 {
		copy(c.pairs[i+1:], c.pairs[k+1:])
		copy(c.n[i+1:], c.n[k+1:])
		c.pairs, c.n = c.pairs[:need-gap], c.n[:need-gap]
	}
}

// rankTimes packs, for each rank, its document's time and whether it is
// dated, as time<<1 | dated: the copy stage reads them for many
// documents in no order, and this array is a small part of the size of
// the documents.
func (g *grouper) rankTimes() []int64 {
	ts := make([]int64, len(g.byRk))
	for r, d := range g.byRk {
		doc := &g.docs[d]
		ts[r] = doc.Time << 1
		if doc.Dated {
			ts[r] |= 1
		}
	}
	return ts
}

// timeOfRank returns the time of the document of rank r and whether it
// is dated, while the copy stage runs (see rankTimes).
func (g *grouper) timeOfRank(r uint32) (int64, bool) {
	t := g.rkTime[r]
	return t >> 1, t&1 != 0
}

// holder is a document holding a sampled value: its rank and time.
type holder struct {
	r     uint32
	t     int64
	dated bool
}

// byTime returns the holders of one value, dated ones first by time.
func (g *grouper) byTime(dst []holder, occs []occ) []holder {
	for _, o := range occs {
		t, dated := g.timeOfRank(o.r)
		dst = append(dst, holder{o.r, t, dated})
	}
	slices.SortFunc(dst, func(x, y holder) int {
		switch {
		case x.dated != y.dated:
			if x.dated {
				return -1
			}
			return 1
		case x.t != y.t:
			if x.t < y.t {
				return -1
			}
			return 1
		}
		return int(x.r) - int(y.r)
	})
	return dst
}

// pairWithin calls f for every pair of holders (sorted by byTime) that
// can be partial copies: both dated and within Window of each other, or
// either undated. Pairs further apart in time are left to LSH, which
// finds copies by resemblance whatever their dates: containment counts
// only within the window (see copyOf), so a value shared across a year
// proposes no quadratic number of pairs.
func (g *grouper) pairWithin(hs []holder, f func(a, b uint32)) {
	window := int64(g.o.Window.Seconds())
	lo := 0
	for x := range hs {
		if !hs[x].dated {
			for y := 0; y < x; y++ {
				if hs[y].r != hs[x].r {
					f(hs[y].r, hs[x].r)
				}
			}
			continue
		}
		if window > 0 {
			for hs[x].t-hs[lo].t > window {
				lo++
			}
		}
		for y := lo; y < x; y++ {
			if hs[y].r != hs[x].r {
				f(hs[y].r, hs[x].r)
			}
		}
	}
}
