package index

import (
	"encoding/binary"
	"errors"
	"math"

	"github.com/samestory/samestory/cluster"
)

// appendDoc appends the binary form of a document's features to dst.
//
// TODO: use cluster.AppendDoc once it exists; this codec is a stopgap.
func appendDoc(dst []byte, d *cluster.Doc) []byte {
	dst = append(dst, 1) // codec version
	dst = appendString(dst, d.ID)
	dst = appendString(dst, d.Source)
	var flags byte
	if d.Dated {
		flags |= 1
	}
	dst = append(dst, flags)
	dst = binary.AppendVarint(dst, d.Time)
	dst = binary.AppendUvarint(dst, uint64(d.Words))
	dst = binary.AppendUvarint(dst, uint64(d.Shingles))
	dst = binary.AppendUvarint(dst, uint64(len(d.Sig)))
	for _, v := range d.Sig {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	dst = append(dst, d.Sample.Level)
	dst = binary.AppendUvarint(dst, uint64(len(d.Sample.Values)))
	prev := uint32(0)
	for _, v := range d.Sample.Values { // sorted: deltas
		dst = binary.AppendUvarint(dst, uint64(v-prev))
		prev = v
	}
	dst = binary.AppendUvarint(dst, uint64(len(d.Terms)))
	for _, t := range d.Terms {
		dst = binary.LittleEndian.AppendUint32(dst, t.Hash)
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(t.Weight))
	}
	dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(d.Rest))
	return appendString(dst, d.Skip)
}

var errCorrupt = errors.New("corrupt document record")

// readDoc decodes what appendDoc wrote. The result does not share memory
// with b.
func readDoc(b []byte) (cluster.Doc, error) {
	r := reader{b: b}
	var d cluster.Doc
	if r.byte() != 1 {
		return d, errCorrupt
	}
	d.ID = r.string()
	d.Source = r.string()
	d.Dated = r.byte()&1 != 0
	d.Time = r.varint()
	d.Words = int(r.uvarint())
	d.Shingles = int(r.uvarint())
	if n := r.count(4); n > 0 {
		d.Sig = make([]uint32, n)
		for i := range d.Sig {
			d.Sig[i] = r.uint32()
		}
	}
	d.Sample.Level = r.byte()
	if n := r.count(1); n > 0 {
		d.Sample.Values = make([]uint32, n)
		prev := uint32(0)
		for i := range d.Sample.Values {
			prev += uint32(r.uvarint())
			d.Sample.Values[i] = prev
		}
	}
	if n := r.count(8); n > 0 {
		d.Terms = make([]cluster.Term, n)
		for i := range d.Terms {
			d.Terms[i] = cluster.Term{Hash: r.uint32(), Weight: math.Float32frombits(r.uint32())}
		}
	}
	d.Rest = math.Float32frombits(r.uint32())
	d.Skip = r.string()
	if r.err != nil || len(r.b) != 0 {
		return cluster.Doc{}, errCorrupt
	}
	return d, nil
}
