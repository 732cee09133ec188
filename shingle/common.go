package shingle

import (
	"math"
	"slices"
	"sync/atomic"
)

// Common counts in how many texts each shingle occurs, approximately and
// in fixed memory, so that shingles shared by very many texts can be left
// out of signatures: the formulas of official news ("His Royal Highness
// Prince … Deputy Crown Prince, Second Deputy Prime Minister and Minister
// of Defence"), datelines, legal boilerplate. Two texts that share only
// such formulas are not copies of each other; a text copied by many
// outlets still shares its own wording with its copies.
//
// It is a count-min sketch: Count never underestimates, and
// overestimates by little when the sketch is wide enough for the number
// of shingles counted (by about their number over 2^bits). Add is safe
// for concurrent use and its counts do not depend on the order in which
// texts are added, so that texts can be counted in parallel and the
// result stays deterministic.
type Common struct {
	rows  [2][]uint32
	mask  uint64
	texts atomic.Int64
}

// NewCommon returns a sketch with 2 rows of 2^bits counters (8·2^bits
// bytes). bits is clamped to [10, 28].
func NewCommon(bits int) *Common {
	bits = min(max(bits, 10), 28)
	c := &Common{mask: 1<<bits - 1}
	for i := range c.rows {
		c.rows[i] = make([]uint32, 1<<bits)
	}
	return c
}

// Texts returns how many texts have been added.
func (c *Common) Texts() int { return int(c.texts.Load()) }

// index returns the counter of row i for hash h: the rows use different
// bits of a remixed hash.
func (c *Common) index(i int, h uint64) uint64 {
	x := fmix(h + uint64(i)*0x9E3779B97F4A7C15)
	return x & c.mask
}

// Add counts the shingles of one text. shingles must not repeat (sort and
// compact them first): a text counts once per shingle. Add may be called
// from several goroutines at once.
func (c *Common) Add(shingles []uint64) {
	c.texts.Add(1)
	for _, h := range shingles {
		for i := range c.rows {
			atomic.AddUint32(&c.rows[i][c.index(i, h)], 1)
		}
	}
}

// AddPart counts texts, each as Add would count it, in part p (0 ≤ p <
// parts) of the counters only, so that parts goroutines, each with its
// own p, can count the same texts at once without atomic operations and
// without sharing a counter: once every part has counted the texts, the
// sketch is as if Add had counted each. The texts count toward Texts in
// part 0. A text's shingles must not repeat, as for Add. Calls for the
// same p must not run at once, nor with Add. b is scratch space, reused
// from call to call; calls that run at once need one each.
//
// The counters of a large sketch are not incremented in the order the
// shingles come: each increment would then be a trip to memory, and miss
// the TLB too. Up to batchShingles at a time, they are first sorted into
// buckets by the block of counters they fall in, then each block's are
// made together, while its counters are in the cache.
func (c *Common) AddPart(texts [][]uint64, p, parts int, b *Batch) {
	if p == 0 {
		c.texts.Add(int64(len(texts)))
	}
	// The counters in a row, the rows one after the other, are cut into
	// parts of equal length.
	size := uint64(len(c.rows[0]))
	total := uint64(len(c.rows)) * size
	lo, hi := total*uint64(p)/uint64(parts), total*uint64(p+1)/uint64(parts)
	for i := range c.rows {
		base := uint64(i) * size
		if hi <= base || lo >= base+size {
			continue
		}
		row := c.rows[i]
		from, to := max(lo, base)-base, min(hi, base+size)-base
		if size <= 1<<blockBits {
			// Small enough to stay in the cache.
			for _, shingles := range texts {
				for _, h := range shingles {
					if x := c.index(i, h); x >= from && x < to {
						row[x]++
					}
				}
			}
			continue
		}
		for rest := texts; len(rest) > 0; {
			var batch [][]uint64
			var m int
			batch, rest, m = cutBatch(rest)
			bs := emptyBuckets(&b.buckets, int(size>>blockBits), m)
			for _, shingles := range batch {
				for _, h := range shingles {
					if x := c.index(i, h); x >= from && x < to {
						k := x >> blockBits
						bs[k] = append(bs[k], uint32(x))
					}
				}
			}
			for _, xs := range bs {
				for _, x := range xs {
					row[x]++
				}
			}
		}
	}
}

// blockBits sets the blocks that AddPart and AtMostAll sort their
// counters into: 2^blockBits counters (64 KiB), that the cache and the
// TLB hold while the block's are read. Blocks of 128 KiB took 10% longer
// in BenchmarkCommonAddPart (and no less in BenchmarkCommonAtMost).
const blockBits = 14

// batchShingles is about how many shingles AddPart and AtMostAll sort at
// a time, which bounds their scratch space (about 12 bytes for each).
const batchShingles = 1 << 20

// cutBatch returns the first texts of ts that hold about batchShingles
// shingles in all (at least one text), the rest, and how many shingles
// the first hold.
func cutBatch(ts [][]uint64) (batch, rest [][]uint64, n int) {
	k := 0
	for k < len(ts) && (k == 0 || n+len(ts[k]) <= batchShingles) {
		n += len(ts[k])
		k++
	}
	return ts[:k], ts[k:], n
}

// Batch is scratch space for AddPart and AtMostAll; the zero value is
// ready to use.
type Batch struct {
	buckets [][]uint32 // counters, by block
	pairs   [][]uint64 // counter << 32 | place, by block
}

// emptyBuckets returns the first n of *bs, empty, each with room for
// its share of m values and a margin (see bucketRoom), keeping what they
// held before as room; *bs grows to n buckets if it has fewer.
func emptyBuckets[T any](bs *[][]T, n, m int) [][]T {
	if len(*bs) < n {
		*bs = make([][]T, n)
	}
	out := (*bs)[:n]
	room := bucketRoom(n, m)
	for k := range out {
		if cap(out[k]) < room {
			out[k] = make([]T, 0, room)
		}
		out[k] = out[k][:0]
	}
	return out
}

// bucketRoom is the room each of n buckets gets for m values: its share
// and an eighth more, so that few ever grow.
func bucketRoom(n, m int) int {
	r := m / n
	return r + r/8 + 8
}

// AtMostAll appends to keep, for every shingle of texts in turn, whether
// AtMost(shingle, n) holds, and returns it. In a large sketch its lookups
// in the first row are sorted into blocks of counters first, up to
// batchShingles at a time, as the increments of AddPart are; the few
// shingles that row leaves undecided are looked up in the next as they
// come. It must not be called while Add or AddPart runs; calls at once
// need a Batch each.
func (c *Common) AtMostAll(keep []bool, texts [][]uint64, n int, b *Batch) []bool {
	size := uint64(len(c.rows[0]))
	if size <= 1<<blockBits {
		for _, shingles := range texts {
			for _, h := range shingles {
				keep = append(keep, c.AtMost(h, n))
			}
		}
		return keep
	}
	for rest := texts; len(rest) > 0; {
		var batch [][]uint64
		var m int
		batch, rest, m = cutBatch(rest)
		start := len(keep)
		keep = slices.Grow(keep, m)[:start+m]
		out := keep[start:]
		bs := emptyBuckets(&b.pairs, int(size>>blockBits), m)
		k := uint64(0)
		for _, shingles := range batch {
			for _, h := range shingles {
				x := c.index(0, h)
				bs[x>>blockBits] = append(bs[x>>blockBits], x<<32|k)
				k++
			}
		}
		row := c.rows[0]
		for _, ps := range bs {
			for _, p := range ps {
				out[uint32(p)] = int(row[p>>32]) <= n
			}
		}
		for i := 1; i < len(c.rows); i++ {
			k := 0
			for _, shingles := range batch {
				for _, h := range shingles {
					if !out[k] {
						out[k] = int(c.rows[i][c.index(i, h)]) <= n
					}
					k++
				}
			}
		}
	}
	return keep
}

// Count returns an upper bound of the number of texts holding shingle h.
// It must not be called while Add runs.
func (c *Common) Count(h uint64) int {
	m := uint32(math.MaxUint32)
	for i := range c.rows {
		m = min(m, c.rows[i][c.index(i, h)])
	}
	return int(m)
}

// AtMost reports whether Count(h) <= n, looking at the second row only
// when the first does not tell: most shingles are rare, and one memory
// access is half the work. It must not be called while Add runs.
func (c *Common) AtMost(h uint64, n int) bool {
	for i := range c.rows {
		if int(c.rows[i][c.index(i, h)]) <= n {
			return true
		}
	}
	return false
}
