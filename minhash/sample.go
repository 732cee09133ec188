package minhash

import (
	"math/bits"
	"slices"
)

// Sample is a consistent sample of a set of shingle hashes (Broder's
// MOD-m sketch): the distinct top-32-bit halves v of the hashes whose
// lowest Level bits are zero, sorted. Since every set is sampled by the
// same rule, a shingle two sets share is either in both samples or in
// neither, so the samples estimate not only how similar two sets are but
// how much of one lies inside the other — what a fixed-size signature
// cannot do for a short text and a long one.
//
// Samples at different levels are compared at the coarser level (see
// Overlap): a sample at level L holds exactly the values of any finer
// sample of the same set whose lowest L bits are zero.
type Sample struct {
	Level  uint8 // 0 to 32
	Values []uint32
}

// NewSample returns the sample of shingles at the lowest level (0 keeps
// every distinct shingle) that keeps at most max values. dst is reused for
// the values. The value 0 survives every level, so max < 1 acts as 1.
func NewSample(dst []uint32, shingles []uint64, max int) Sample {
	// How many values have each number of low zero bits (32 for the
	// value 0): a value is kept at level L when it has at least L.
	var tz [33]int
	for _, h := range shingles {
		tz[bits.TrailingZeros32(uint32(h>>32))]++
	}
	// The lowest level at which the values, repeats counted, are at most
	// max. Without repeats that is the level; repeats (different
	// shingles, same 32 bits) can only make a lower one do.
	level, n := 32, tz[32]
	for level > 0 && n+tz[level-1] <= max {
		level--
		n += tz[level]
	}
	// Only the values of the level and the one below are sorted, not all:
	// the one below tells whether the level is the lowest that does.
	for {
		lo := uint8(0)
		if level > 0 {
			lo = uint8(level - 1)
		}
		dst = distinctAt(dst[:0], shingles, lo)
		if level == 0 {
			return Sample{Values: dst}
		}
		if len(dst) > max {
			// The values of the level kept, in order, without a branch
			// on which: about half of them are, as the bits fall.
			mask := uint32(1)<<level - 1
			k := 0
			for _, v := range dst {
				dst[k] = v
				k += b2i(v&mask == 0)
			}
			return Sample{Level: uint8(level), Values: dst[:k]}
		}
		level--
	}
}

// distinctAt appends to dst the distinct top halves of shingles whose
// lowest level bits are zero, sorted.
func distinctAt(dst []uint32, shingles []uint64, level uint8) []uint32 {
	// Each value is written at the end, which moves only when the value
	// is kept: whether it is cannot be predicted (at level 1, half are).
	mask := uint32(1)<<level - 1
	n := len(dst)
	dst = slices.Grow(dst, len(shingles))[:n+len(shingles)]
	for _, h := range shingles {
		v := uint32(h >> 32)
		dst[n] = v
		n += b2i(v&mask == 0)
	}
	dst = dst[:n]
	SortHashes(dst)
	return slices.Compact(dst)
}

// bucketSortMax is the most values SortHashes sorts in its buckets,
// with its scratch space on the stack; it leaves more to slices.Sort.
const bucketSortMax = 1024

// SortHashes sorts xs, values spread evenly over their range as hashes
// are (or values whose top bits are hashes). From 65 to 1,024 values it
// takes about linear time: a counting sort on their top bits into about
// as many buckets as values, then an insertion sort, which has little
// left to do (a bucket holds a value or two); fewer or more values are
// left to slices.Sort. Any values come out sorted; only the time depends
// on how evenly they spread. At 256 values it takes about half the time
// of slices.Sort.
func SortHashes[T uint32 | uint64](xs []T) {
	n := len(xs)
	if n <= 64 || n > bucketSortMax {
		slices.Sort(xs)
		return
	}
	k := bits.Len(uint(n)) - 1 // 2^k ≤ n buckets
	shift := bits.OnesCount64(uint64(^T(0))) - k
	var count [bucketSortMax + 1]int32
	var tmp [bucketSortMax]T
	for _, x := range xs {
		count[x>>shift+1]++
	}
	for b := 1; b <= 1<<k; b++ {
		count[b] += count[b-1]
	}
	for _, x := range xs {
		b := x >> shift
		tmp[count[b]] = x
		count[b]++
	}
	for i := 1; i < n; i++ {
		x := tmp[i]
		j := i
		for j > 0 && tmp[j-1] > x {
			tmp[j] = tmp[j-1]
			j--
		}
		tmp[j] = x
	}
	copy(xs, tmp[:n])
}

// Len returns the number of values kept.
func (s Sample) Len() int { return len(s.Values) }

// CountAt returns how many values the sample keeps at a level at or above
// its own.
func (s Sample) CountAt(level uint8) int {
	if level <= s.Level {
		return len(s.Values)
	}
	mask := uint32(1)<<level - 1
	n := 0
	for _, v := range s.Values {
		if v&mask == 0 {
			n++
		}
	}
	return n
}

// Overlap compares two samples at the coarser of their levels and returns
// the values they share and the sizes of both samples at that level. The
// shared count over a size estimates the share of that set which the other
// contains. weight, when not nil, gives each value a weight in [0, 1]
// (for instance lower for values shared by very many texts): the results
// are then sums of weights.
func Overlap(a, b Sample, weight func(uint32) float64) (shared, na, nb float64) {
	level := max(a.Level, b.Level)
	mask := uint32(1)<<level - 1
	w := func(v uint32) float64 {
		if weight == nil {
			return 1
		}
		return weight(v)
	}
	i, j := 0, 0
	for i < len(a.Values) || j < len(b.Values) {
		switch {
		case j >= len(b.Values) || i < len(a.Values) && a.Values[i] < b.Values[j]:
			if a.Values[i]&mask == 0 {
				na += w(a.Values[i])
			}
			i++
		case i >= len(a.Values) || b.Values[j] < a.Values[i]:
			if b.Values[j]&mask == 0 {
				nb += w(b.Values[j])
			}
			j++
		default:
			if a.Values[i]&mask == 0 {
				x := w(a.Values[i])
				shared += x
				na += x
				nb += x
			}
			i++
			j++
		}
	}
	return shared, na, nb
}

// OverlapCoded is Overlap with the weights given per value, as codes
// into a table: weights[wa[i]] is the weight of a.Values[i] and
// weights[wb[j]] that of b.Values[j] (a nil slice of codes weighs every
// value 1). Codes are a compact form for keeping the weights of many
// samples. It also returns how many values the samples share, unweighted.
// A shared value takes its weight from wa. The sums are those Overlap
// makes, bit for bit: the same weights added in the same order.
func OverlapCoded[C ~uint8 | ~uint16](a, b Sample, wa, wb []C, weights []float64) (shared, na, nb float64, count int) {
	level := max(a.Level, b.Level)
	mask := uint32(1)<<level - 1
	av, bv := a.Values, b.Values
	if wa != nil {
		wa = wa[:len(av)]
	}
	if wb != nil {
		wb = wb[:len(bv)]
	}
	i, j := 0, 0
	// While both have values, each step adds to the sums without a branch
	// on which value is the smaller (it cannot be predicted): a term that
	// does not apply is multiplied by 0, and adding 0 changes no sum.
	for i < len(av) && j < len(bv) {
		x, y := av[i], bv[j]
		wx, wy := 1.0, 1.0
		if wa != nil {
			wx = weights[wa[i]]
		}
		if wb != nil {
			wy = weights[wb[j]]
		}
		inX := float64(b2i(x&mask == 0))
		inY := float64(b2i(y&mask == 0))
		eq := float64(b2i(x == y))
		wx *= inX
		na += wx * float64(b2i(x <= y))
		nb += wy*inY*float64(b2i(y < x)) + wx*eq
		shared += wx * eq
		count += b2i(x == y) & b2i(x&mask == 0)
		i += b2i(x <= y)
		j += b2i(y <= x)
	}
	na = addAtLevel(na, av, wa, weights, mask, i)
	nb = addAtLevel(nb, bv, wb, weights, mask, j)
	return shared, na, nb, count
}

// addAtLevel adds to s, one by one in order, the weights of the values
// vs[from:] that the level of mask keeps: weights[w[i]] for vs[i], or 1
// when w is nil.
func addAtLevel[C ~uint8 | ~uint16](s float64, vs []uint32, w []C, weights []float64, mask uint32, from int) float64 {
	for i := from; i < len(vs); i++ {
		if vs[i]&mask == 0 {
			if w != nil {
				s += weights[w[i]]
			} else {
				s++
			}
		}
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
