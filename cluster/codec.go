package cluster

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// docCodecVersion is the first byte of an encoded Doc.
const docCodecVersion = 1

// AppendDoc appends a compact binary encoding of d to dst and returns the
// extended buffer: everything grouping needs, no text. ReadDoc reads it
// back. The encoding is the same on every platform.
func AppendDoc(dst []byte, d *Doc) []byte {
	dst = append(dst, docCodecVersion)
	dst = appendString(dst, d.ID)
	dst = appendString(dst, d.Source)
	dst = binary.AppendVarint(dst, d.Time)
	var flags byte
	if d.Dated {
		flags |= 1
	}
	dst = append(dst, flags)
	dst = binary.AppendUvarint(dst, uint64(d.Words))
	dst = binary.AppendUvarint(dst, uint64(d.Shingles))
	dst = binary.AppendUvarint(dst, uint64(len(d.Sig)))
	for _, v := range d.Sig {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	dst = append(dst, d.Sample.Level)
	dst = binary.AppendUvarint(dst, uint64(len(d.Sample.Values)))
	for _, v := range d.Sample.Values {
		dst = binary.LittleEndian.AppendUint32(dst, v)
	}
	dst = binary.AppendUvarint(dst, uint64(len(d.Terms)))
	for _, t := range d.Terms {
		dst = binary.LittleEndian.AppendUint32(dst, t.Hash)
		dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(t.Weight))
	}
	dst = binary.LittleEndian.AppendUint32(dst, math.Float32bits(d.Rest))
	return appendString(dst, d.Skip)
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// errCodec reports an encoded Doc that cannot be read.
var errCodec = errors.New("cluster: encoded document is corrupt")

// decoder reads an encoded Doc, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errCodec
	}
	d.b = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.b) < 1 {
		d.fail()
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uint32() uint32 {
	if len(d.b) < 4 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return v
}

// count reads a length whose items take at least size bytes each.
func (d *decoder) count(size int) int {
	n := d.uvarint()
	if n > uint64(len(d.b)/size) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.count(1)
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// ReadDoc decodes a Doc encoded by AppendDoc.
func ReadDoc(b []byte) (Doc, error) {
	dec := decoder{b: b}
	if v := dec.byte(); dec.err == nil && v != docCodecVersion {
		return Doc{}, fmt.Errorf("cluster: encoded document of version %d, want %d", v, docCodecVersion)
	}
	var d Doc
	d.ID = dec.string()
	d.Source = dec.string()
	d.Time = dec.varint()
	d.Dated = dec.byte()&1 != 0
	d.Words = int(dec.uvarint())
	d.Shingles = int(dec.uvarint())
	if n := dec.count(4); n > 0 {
		d.Sig = make([]uint32, n)
		for i := range d.Sig {
			d.Sig[i] = dec.uint32()
		}
	}
	d.Sample.Level = dec.byte()
	if n := dec.count(4); n > 0 {
		d.Sample.Values = make([]uint32, n)
		for i := range d.Sample.Values {
			d.Sample.Values[i] = dec.uint32()
		}
	}
	if n := dec.count(8); n > 0 {
		d.Terms = make([]Term, n)
		for i := range d.Terms {
			d.Terms[i] = Term{Hash: dec.uint32(), Weight: math.Float32frombits(dec.uint32())}
		}
	}
	d.Rest = math.Float32frombits(dec.uint32())
	d.Skip = dec.string()
	if dec.err == nil && len(dec.b) != 0 {
		dec.fail()
	}
	if dec.err != nil {
		return Doc{}, dec.err
	}
	return d, nil
}
