package minhash

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Params are the LSH banding parameters: a signature is cut into Bands
// bands of Rows values each, and two signatures become a candidate pair
// when they agree on every value of at least one band.
type Params struct {
	Bands, Rows int
}

func (p Params) String() string { return fmt.Sprintf("%d bands × %d rows", p.Bands, p.Rows) }

// Validate checks p against a signature size.
func (p Params) Validate(k int) error {
	if p.Bands < 1 || p.Rows < 1 {
		return errParams
	}
	if p.Bands*p.Rows > k {
		return fmt.Errorf("minhash: %s needs signatures of %d values, have %d", p, p.Bands*p.Rows, k)
	}
	return nil
}

// Probability returns the probability that two sets of Jaccard similarity
// s become a candidate pair: 1 − (1 − s^Rows)^Bands.
func (p Params) Probability(s float64) float64 {
	return 1 - math.Pow(1-math.Pow(s, float64(p.Rows)), float64(p.Bands))
}

// FalsePositive returns the probability mass of pairs below the threshold
// t that become candidates: the integral of Probability over [0, t].
func (p Params) FalsePositive(t float64) float64 {
	return integrate(p.Probability, 0, t)
}

// FalseNegative returns the probability mass of pairs at or above the
// threshold t that do not become candidates: the integral of
// 1 − Probability over [t, 1].
func (p Params) FalseNegative(t float64) float64 {
	return integrate(func(s float64) float64 { return 1 - p.Probability(s) }, t, 1)
}

// integrate uses Simpson's rule with a fixed number of steps, so results
// are deterministic.
func integrate(f func(float64) float64, a, b float64) float64 {
	const n = 200
	if b <= a {
		return 0
	}
	h := (b - a) / n
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(a+float64(i)*h)
	}
	return sum * h / 3
}

// Optimal returns the bands and rows, with bands·rows ≤ k, that minimise
// fpWeight·FalsePositive(t) + fnWeight·FalseNegative(t): the usual way to
// turn a target Jaccard similarity t into LSH parameters. Ties go to fewer
// bands (fewer buckets to keep).
func Optimal(k int, t, fpWeight, fnWeight float64) (Params, error) {
	if k < 1 {
		return Params{}, fmt.Errorf("minhash: signature size %d < 1", k)
	}
	if !(t > 0 && t < 1) {
		return Params{}, fmt.Errorf("minhash: threshold %v must be greater than 0 and less than 1", t)
	}
	if !(fpWeight >= 0 && fnWeight >= 0) || math.IsInf(fpWeight, 0) || math.IsInf(fnWeight, 0) || fpWeight+fnWeight == 0 {
		return Params{}, fmt.Errorf("minhash: weights must be finite, non-negative and not both zero")
	}
	type cand struct {
		p   Params
		err float64
	}
	var cands []cand
	bestErr := math.Inf(1)
	for b := 1; b <= k; b++ {
		for r := 1; b*r <= k; r++ {
			p := Params{b, r}
			e := fpWeight*p.FalsePositive(t) + fnWeight*p.FalseNegative(t)
			cands = append(cands, cand{p, e})
			bestErr = min(bestErr, e)
		}
	}
	// Among the (numerically) best, the fewest bands, then fewest rows.
	best := Params{}
	for _, c := range cands {
		if c.err <= bestErr+1e-12 && (best.Bands == 0 || c.p.Bands < best.Bands || c.p.Bands == best.Bands && c.p.Rows < best.Rows) {
			best = c.p
		}
	}
	return best, nil
}

// Index collects signatures and turns the band keys they share into
// candidate pairs. Documents are numbered by the caller; numbering them in
// order of preference (see Pairs) keeps the best candidates when a bucket
// is too large.
//
// The index holds the signatures themselves, not copies, and no band
// keys: each worker of Pairs works on two neighbouring bands at a time,
// so that memory holds, per worker, two bands' keys and a buffer to sort
// them (48 bytes per document) rather than every band's.
type Index struct {
	p       Params
	docs    []uint32
	sigs    [][]uint32
	workers int
}

type bandKey struct {
	key uint64
	doc uint32
}

// NewIndex returns an empty Index for the given parameters.
func NewIndex(p Params) *Index { return &Index{p: p, workers: 1} }

// SetWorkers sets how many goroutines Pairs uses (bands are bucketed in
// parallel); the result does not depend on it.
func (ix *Index) SetWorkers(n int) { ix.workers = max(n, 1) }

// Params returns the parameters of the index.
func (ix *Index) Params() Params { return ix.p }

// Add adds a document's signature. The index keeps sig (not a copy): it
// must not change until Pairs has run. Signatures of empty sets are not
// added: they would all share every bucket. Documents may come in any
// order; Pairs reads the signatures in the order they came, so that
// adding them in the order they lie in memory makes it faster.
func (ix *Index) Add(doc uint32, sig []uint32) {
	if len(sig) < ix.p.Bands*ix.p.Rows || sig[0] == Empty {
		return
	}
	ix.docs = append(ix.docs, doc)
	ix.sigs = append(ix.sigs, sig)
}

// Len returns the number of band keys the signatures held make.
func (ix *Index) Len() int { return len(ix.docs) * ix.p.Bands }

// bandHash is the key of band b of a signature: a hash of the band's
// number and values, two values to a mixing step (one step a value took
// 10 to 15% longer in BenchmarkIndexPairs). Keys live only in memory,
// for one run, so they need not stay the same from version to version.
func bandHash(b int, vals []uint32) uint64 {
	h := uint64(b)*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019
	for len(vals) >= 2 {
		h = fmix64(h ^ (uint64(vals[0]) | uint64(vals[1])<<32))
		vals = vals[2:]
	}
	if len(vals) == 1 {
		h = fmix64(h ^ uint64(vals[0]) ^ 0x5851F42D4C957F2D)
	}
	return h
}

// BucketStats describes the buckets Pairs walked.
type BucketStats struct {
	Buckets   int // buckets with at least two documents
	Largest   int // documents in the largest bucket
	Oversized int // buckets larger than the limit, paired only partly
}

// Pairs returns every pair of documents that share a bucket, each once as
// a<<32|b with a < b, sorted. A bucket of more than maxBucket documents
// (shared boilerplate, or a text copied very many times) would make
// quadratic work: there only each document's pairs with the maxBucket
// lowest-numbered documents of the bucket are made, so the work stays
// linear in the bucket's size. maxBucket ≤ 0 means no limit.
func (ix *Index) Pairs(maxBucket int) ([]uint64, BucketStats) {
	// Each worker takes bandsPerPass neighbouring bands a pass.
	passes := (ix.p.Bands + bandsPerPass - 1) / bandsPerPass
	w := min(ix.workers, passes)
	pairs := make([][]uint64, w)
	stats := make([]BucketStats, w)
	var wg sync.WaitGroup
	for t := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var keys [bandsPerPass][]bandKey
			for k := range min(bandsPerPass, ix.p.Bands) {
				keys[k] = make([]bandKey, len(ix.docs))
			}
			sorted := make([]bandKey, len(ix.docs))
			counts := make([]int32, 1<<16)
			var buf []uint64
			for p := t; p < passes; p += w {
				b := p * bandsPerPass
				n := min(bandsPerPass, ix.p.Bands-b)
				ix.bandKeys(keys[:n], b)
				for k := range n {
					byKey := sortBandKeys(keys[k], sorted, counts)
					done := len(pairs[t])
					for i := 0; i < len(byKey); {
						j := i + 1
						for j < len(byKey) && byKey[j].key == byKey[i].key {
							j++
						}
						pairs[t] = appendBucketPairs(pairs[t], byKey[i:j], maxBucket, &stats[t])
						i = j
					}
					// Keep this worker's pairs sorted and compact as it goes.
					pairs[t], buf = mergePairs(pairs[t], done, buf)
				}
			}
		}()
	}
	wg.Wait()
	var st BucketStats
	for t := range w {
		st.Buckets += stats[t].Buckets
		st.Largest = max(st.Largest, stats[t].Largest)
		st.Oversized += stats[t].Oversized
	}
	// Each worker's pairs are sorted and unique: merged, not sorted again
	// (which took a quarter of a second on one core for a million
	// articles' 3.8 million pairs).
	total := 0
	for _, ps := range pairs {
		total += len(ps)
	}
	return AppendUnion(make([]uint64, 0, total), pairs...), st
}

// AppendUnion appends to dst the pairs of lists, each sorted and unique,
// sorted and unique: what sorting and compacting their concatenation
// would give, in time linear in their length (times their number, when
// more than two). dst must not overlap the lists.
func AppendUnion(dst []uint64, lists ...[]uint64) []uint64 {
	ls := make([][]uint64, 0, len(lists))
	for _, l := range lists {
		if len(l) > 0 {
			ls = append(ls, l)
		}
	}
	for len(ls) > 2 {
		m := ls[0][0]
		for _, l := range ls[1:] {
			m = min(m, l[0])
		}
		dst = append(dst, m)
		k := 0
		for _, l := range ls {
			if l[0] == m {
				l = l[1:]
			}
			if len(l) > 0 {
				ls[k] = l
				k++
			}
		}
		ls = ls[:k]
	}
	if len(ls) == 1 {
		return append(dst, ls[0]...)
	}
	if len(ls) == 0 {
		return dst
	}
	x, y := ls[0], ls[1]
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		switch a, b := x[i], y[j]; {
		case a < b:
			dst = append(dst, a)
			i++
		case b < a:
			dst = append(dst, b)
			j++
		default:
			dst = append(dst, a)
			i++
			j++
		}
	}
	dst = append(dst, x[i:]...)
	return append(dst, y[j:]...)
}

// bandsPerPass is how many bands' keys Pairs makes in one pass over the
// signatures. Each band's few values cost a trip to memory per
// signature, which its neighbour then mostly shares (the same cache
// line): on a million
// signatures the key making took 2.3 to 2.5 CPU-s against 2.9 to 3.1
// one band per pass (1.3 s against 0.66 s in a test program). More
// bands per pass need 16 bytes more per document and band.
const bandsPerPass = 2

// bandKeys fills keys[k] with the keys of band b+k of every signature,
// 1 ≤ len(keys) ≤ bandsPerPass. The signatures are read in the order
// they were added (see Add), which is often the order they lie in
// memory: read in document order instead, each band's few values would
// be a trip to memory per signature. Sorting the keys orders each bucket
// by document whatever the order.
func (ix *Index) bandKeys(keys [][]bandKey, b int) {
	r := ix.p.Rows
	for i, sig := range ix.sigs {
		v, d := sig[b*r:(b+len(keys))*r], ix.docs[i]
		for k := range keys {
			keys[k][i] = bandKey{bandHash(b+k, v[k*r:(k+1)*r]), d}
		}
	}
}

// sortBandKeys returns keys, in any order, sorted by key and then
// document, in dst (as long as keys): a counting sort by the top 16 bits
// of the key, then each run of equal top bits (a few keys, but for the
// buckets themselves) sorted by key and document on its own. counts has
// 2^16 entries.
func sortBandKeys(keys, dst []bandKey, counts []int32) []bandKey {
	clear(counts)
	for _, k := range keys {
		counts[k.key>>48]++
	}
	sum := int32(0)
	for i, c := range counts {
		counts[i] = sum
		sum += c
	}
	dst = dst[:len(keys)]
	for _, k := range keys {
		d := k.key >> 48
		dst[counts[d]] = k
		counts[d]++
	}
	// counts[d] is now where the run of top bits d ends.
	start := int32(0)
	for _, end := range counts {
		if run := dst[start:end]; len(run) > 1 {
			sortRun(run)
		}
		start = end
	}
	return dst
}

// sortRun sorts band keys by key, then document.
func sortRun(run []bandKey) {
	if len(run) > 24 {
		slices.SortFunc(run, func(x, y bandKey) int {
			return cmp.Or(cmp.Compare(x.key, y.key), cmp.Compare(x.doc, y.doc))
		})
		return
	}
	less := func(x, y bandKey) bool { return x.key < y.key || x.key == y.key && x.doc < y.doc }
	for i := 1; i < len(run); i++ {
		for j := i; j > 0 && less(run[j], run[j-1]); j-- {
			run[j], run[j-1] = run[j-1], run[j]
		}
	}
}

// mergePairs sorts the pairs of ps after done and merges them into those
// before, which are sorted and unique, and returns the result, sorted
// and unique, with buf, a scratch buffer, for reuse.
func mergePairs(ps []uint64, done int, buf []uint64) ([]uint64, []uint64) {
	fresh := ps[done:]
	buf = slices.Grow(buf[:0], len(fresh))[:len(fresh)]
	SortPairs(fresh, buf)
	fresh = slices.Compact(fresh)
	buf = append(buf[:0], fresh...)
	ps = ps[:done+len(buf)]
	// Merged from the back, into the room the new pairs took.
	i, k := done-1, len(ps)-1
	for j := len(buf) - 1; j >= 0; k-- {
		if i >= 0 && ps[i] > buf[j] {
			ps[k] = ps[i]
			i--
		} else {
			ps[k] = buf[j]
			j--
		}
	}
	return slices.Compact(ps), buf
}

func appendBucketPairs(pairs []uint64, bucket []bandKey, maxBucket int, st *BucketStats) []uint64 {
	n := len(bucket)
	if n < 2 {
		return pairs
	}
	st.Buckets++
	st.Largest = max(st.Largest, n)
	limit := n
	if maxBucket > 0 && n > maxBucket {
		st.Oversized++
		limit = maxBucket
	}
	for x := 1; x < n; x++ {
		for y := 0; y < min(x, limit); y++ {
			a, b := bucket[y].doc, bucket[x].doc
			if a == b {
				continue
			}
			if a > b {
				a, b = b, a
			}
			pairs = append(pairs, uint64(a)<<32|uint64(b))
		}
	}
	return pairs
}

// SortPairs sorts pairs a<<32|b of 32-bit numbers, as slices.Sort would:
// a radix sort on the bits a and b use (11 at a time, b's first), in
// linear time, through scratch, which must be at least as long as ps.
// Below 2,048 pairs it leaves them to slices.Sort, which is as fast at
// 3,000 and 1.3 times as fast at 1,000; at 10,000 SortPairs takes a
// quarter of its time, at 1,000,000 a fifth (BenchmarkSortPairs).
func SortPairs(ps, scratch []uint64) {
	if len(ps) < 2048 {
		slices.Sort(ps)
		return
	}
	var used uint64
	for _, p := range ps {
		used |= p | p>>32
	}
	width := bits.Len32(uint32(used))
	digits := (width + 10) / 11
	if digits == 0 {
		return // all pairs are 0<<32|0
	}
	w := (width + digits - 1) / digits
	mask := uint64(1)<<w - 1
	src, dst := ps, scratch[:len(ps)]
	count := make([]int, mask+2)
	for _, half := range []int{0, 32} {
		for shift := half; shift < half+width; shift += w {
			clear(count)
			for _, p := range src {
				count[(p>>shift)&mask+1]++
			}
			for i := 1; i < len(count); i++ {
				count[i] += count[i-1]
			}
			for _, p := range src {
				k := (p >> shift) & mask
				dst[count[k]] = p
				count[k]++
			}
			src, dst = dst, src
		}
	}
	if &src[0] != &ps[0] {
		copy(ps, src)
	}
}
