package shingle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// errState reports a saved sketch that cannot be read.
var errState = errors.New("shingle: saved state is corrupt")

// AppendBinary appends the sketch's state to b (counters as varints, so
// a sparse sketch stays small), for a later run to go on counting; see
// UnmarshalBinary. It must not be called while Add runs.
func (c *Common) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, 1) // version
	b = binary.AppendUvarint(b, uint64(bits.Len64(c.mask)))
	b = binary.AppendUvarint(b, uint64(c.texts.Load()))
	for i := range c.rows {
		for _, v := range c.rows[i] {
			b = binary.AppendUvarint(b, uint64(v))
		}
	}
	return b, nil
}

// UnmarshalBinary replaces the sketch's state with one saved by
// AppendBinary.
func (c *Common) UnmarshalBinary(b []byte) error {
	if len(b) < 1 || b[0] != 1 {
		return errState
	}
	b = b[1:]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	nbits, ok1 := next()
	texts, ok2 := next()
	if !ok1 || !ok2 || nbits < 10 || nbits > 28 {
		return errState
	}
	fresh := NewCommon(int(nbits))
	for i := range fresh.rows {
		for j := range fresh.rows[i] {
			v, ok := next()
			if !ok || v > 1<<32-1 {
				return errState
			}
			fresh.rows[i][j] = uint32(v)
		}
	}
	if len(b) != 0 {
		return errState
	}
	c.mask = fresh.mask
	c.rows = fresh.rows
	c.texts.Store(int64(texts))
	return nil
}

// AppendBinary appends the counts of short lines seen so far to b; see
// UnmarshalBinary. The settings (MinRepeat, MaxWords) are not saved.
func (bp *Boilerplate) AppendBinary(b []byte) ([]byte, error) {
	keys := make([]uint64, 0, bp.counts.n)
	for i, v := range bp.counts.vals {
		if v != 0 {
			keys = append(keys, bp.counts.keys[i])
		}
	}
	slices.Sort(keys) // the same state always saves the same way
	b = append(b, 1)  // version
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k)
		b = binary.AppendUvarint(b, uint64(bp.counts.get(k)))
	}
	return b, nil
}

// UnmarshalBinary replaces the counts of short lines with those saved by
// AppendBinary.
func (bp *Boilerplate) UnmarshalBinary(b []byte) error {
	if len(b) < 1 || b[0] != 1 {
		return errState
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return errState
	}
	b = b[k:]
	var counts lineCounts
	for range n {
		if len(b) < 8 {
			return errState
		}
		h := binary.LittleEndian.Uint64(b)
		v, k := binary.Uvarint(b[8:])
		if k <= 0 || v > 1<<32-1 {
			return errState
		}
		if v > 0 {
			counts.set(h, uint32(v))
		}
		b = b[8+k:]
	}
	if len(b) != 0 {
		return fmt.Errorf("shingle: %d bytes after the saved state", len(b))
	}
	bp.counts = counts
	return nil
}
