package shingle

// Common counts in how many texts each shingle occurs, approximately and
// in fixed memory, so that shingles shared by very many texts can be left
// out of signatures: the formulas of official news ("His Royal Highness
// Prince … Deputy Crown Prince, Second Deputy Prime Minister and Minister
// of Defence"), datelines, legal boilerplate. Two texts that share only
// such formulas are not copies of each other; a text copied by many
// outlets still shares its own wording with its copies.
//
// It is a count-min sketch with conservative update: Count never
// underestimates, and overestimates by little when the sketch is wide
// enough for the number of distinct shingles counted. Counts saturate at
// 65535.
type Common struct {
	rows  [4][]uint16
	mask  uint64
	texts int
}

// NewCommon returns a sketch with 4 rows of 2^bits counters (2·4·2^bits
// bytes). bits is clamped to [10, 28].
func NewCommon(bits int) *Common {
	bits = min(max(bits, 10), 28)
	c := &Common{mask: 1<<bits - 1}
	for i := range c.rows {
		c.rows[i] = make([]uint16, 1<<bits)
	}
	return c
}

// Texts returns how many texts have been added.
func (c *Common) Texts() int { return c.texts }

// index returns the counter of row i for hash h: the rows use different
// bits of a remixed hash.
func (c *Common) index(i int, h uint64) uint64 {
	x := fmix(h + uint64(i)*0x9E3779B97F4A7C15)
	return x & c.mask
}

// Add counts the shingles of one text. shingles must not repeat (sort and
// compact them first): a text counts once per shingle.
func (c *Common) Add(shingles []uint64) {
	c.texts++
	for _, h := range shingles {
		var idx [4]uint64
		m := uint16(65535)
		for i := range c.rows {
			idx[i] = c.index(i, h)
			m = min(m, c.rows[i][idx[i]])
		}
		if m == 65535 {
			continue
		}
		// Conservative update: raise only the counters at the minimum.
		for i := range c.rows {
			if c.rows[i][idx[i]] == m {
				c.rows[i][idx[i]] = m + 1
			}
		}
	}
}

// Count returns (an upper bound of) the number of texts holding shingle h.
func (c *Common) Count(h uint64) int {
	m := uint16(65535)
	for i := range c.rows {
		m = min(m, c.rows[i][c.index(i, h)])
	}
	return int(m)
}
