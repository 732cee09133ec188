package cluster

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// spillFile holds one kind of feature of every document on disk while
// the stage Group is in does not need it (story words while copies are
// found; signatures, samples and their weights while stories are built),
// so that memory holds one kind at a time. It is written once, in
// document order, and read back once, into one array per field.
//
// The file is removed as soon as it is created where the system allows
// that (it then disappears with the process, whatever happens), else
// when it is closed.
type spillFile struct {
	f       *os.File
	w       *bufio.Writer
	buf     []byte
	removed bool
	err     error
}

func newSpillFile(dir, kind string) (*spillFile, error) {
	f, err := os.CreateTemp(dir, "samestory-"+kind+"-*")
	if err != nil {
		return nil, fmt.Errorf("cluster: spill: %w", err)
	}
	s := &spillFile{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	s.removed = os.Remove(f.Name()) == nil
	return s, nil
}

// u32s appends a length and the values to the file.
func (s *spillFile) u32s(vs []uint32) {
	s.buf = binary.LittleEndian.AppendUint32(s.buf[:0], uint32(len(vs)))
	for _, v := range vs {
		s.buf = binary.LittleEndian.AppendUint32(s.buf, v)
	}
	s.write()
}

func (s *spillFile) write() {
	if s.err == nil {
		_, s.err = s.w.Write(s.buf)
	}
}

// rewind ends writing and starts reading from the beginning.
func (s *spillFile) rewind() (*bufio.Reader, error) {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err == nil {
		_, s.err = s.f.Seek(0, io.SeekStart)
	}
	if s.err != nil {
		return nil, fmt.Errorf("cluster: spill: %w", s.err)
	}
	return bufio.NewReaderSize(s.f, 1<<20), nil
}

func (s *spillFile) close() {
	name := s.f.Name()
	s.f.Close()
	if !s.removed {
		os.Remove(name)
	}
}

// spillReader decodes what spillFile wrote.
type spillReader struct {
	r   *bufio.Reader
	buf []byte
	err error
}

// bytes returns the next n bytes, or zeros after an error.
func (r *spillReader) bytes(n int) []byte {
	if cap(r.buf) < n {
		r.buf = make([]byte, n)
	}
	b := r.buf[:n]
	if r.err != nil {
		clear(b)
		return b
	}
	if _, err := io.ReadFull(r.r, b); err != nil {
		r.err = fmt.Errorf("cluster: spill: %w", err)
		clear(b)
	}
	return b
}

func (r *spillReader) u32() uint32 { return binary.LittleEndian.Uint32(r.bytes(4)) }

// fill reads len(dst) values into dst.
func (r *spillReader) fill(dst []uint32) {
	b := r.bytes(4 * len(dst))
	for i := range dst {
		dst[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
}

// carve cuts the next n values off *all: spilled features are read back
// into one array per field, each document's values a slice of it.
func carve[T any](all *[]T, n int) ([]T, error) {
	if n < 0 || n > len(*all) {
		return nil, fmt.Errorf("cluster: spill: bad count %d", n)
	}
	vs := (*all)[:n:n]
	*all = (*all)[n:]
	return vs, nil
}

// TermFile holds the Terms of documents on disk, in document order, so
// that they need not be in memory while features are computed and
// copies are found (see Options.Terms). Its file goes when it is closed.
type TermFile struct {
	s     *spillFile
	dir   string
	docs  int // documents added
	terms int // terms added
}

// NewTermFile creates a term file in dir.
func NewTermFile(dir string) (*TermFile, error) {
	s, err := newSpillFile(dir, "terms")
	if err != nil {
		return nil, err
	}
	return &TermFile{s: s, dir: dir}, nil
}

// Add writes the Terms of the next document. A write error is kept and
// returned by the reading that Group does.
func (f *TermFile) Add(ts []Term) {
	s := f.s
	s.buf = binary.LittleEndian.AppendUint32(s.buf[:0], uint32(len(ts)))
	for _, t := range ts {
		s.buf = binary.LittleEndian.AppendUint32(s.buf, t.Hash)
		s.buf = binary.LittleEndian.AppendUint32(s.buf, math.Float32bits(t.Weight))
	}
	s.write()
	f.docs++
	f.terms += len(ts)
}

// Len returns the number of documents added.
func (f *TermFile) Len() int { return f.docs }

// Close removes the file. Group closes the file it is given.
func (f *TermFile) Close() error {
	if f.s != nil {
		f.s.close()
		f.s = nil
	}
	return nil
}

// load reads the Terms back into docs, one array for all, and closes the
// file.
func (f *TermFile) load(docs []Doc) error {
	defer f.Close()
	if f.s == nil {
		return errors.New("cluster: term file closed")
	}
	if f.docs != len(docs) {
		return fmt.Errorf("cluster: term file holds %d documents, grouping %d", f.docs, len(docs))
	}
	br, err := f.s.rewind()
	if err != nil {
		return err
	}
	r := &spillReader{r: br}
	all := make([]Term, f.terms)
	for i := range docs {
		n := int(r.u32())
		ts, err := carve(&all, n)
		if err != nil {
			return err
		}
		b := r.bytes(8 * n)
		for j := range ts {
			ts[j] = Term{Hash: binary.LittleEndian.Uint32(b[8*j:]), Weight: math.Float32frombits(binary.LittleEndian.Uint32(b[8*j+4:]))}
		}
		if n > 0 {
			docs[i].Terms = ts
		}
	}
	return r.err
}

// spillTerms writes every document's Terms to a file in dir and drops
// them from the documents.
func (g *grouper) spillTerms(dir string) (*TermFile, error) {
	f, err := NewTermFile(dir)
	if err != nil {
		return nil, err
	}
	for i := range g.docs {
		f.Add(g.docs[i].Terms)
		g.docs[i].Terms = nil
	}
	return f, nil
}

// spillCopyFeatures writes the signature, sample and sample weights of
// every document linked as a copy to a file in dir, and drops those of
// every document. Only the linked documents will have them back (see
// unspillCopyFeatures): what is left to do measures a copy against its
// group's canonical, and nothing else. A sample's level stays in memory.
func (g *grouper) spillCopyFeatures(dir string) (*spillFile, error) {
	s, err := newSpillFile(dir, "signatures")
	if err != nil {
		return nil, err
	}
	g.linked = make([]bool, len(g.docs))
	for _, e := range g.copies {
		g.linked[e.a], g.linked[e.b] = true, true
	}
	for i := range g.docs {
		d := &g.docs[i]
		if g.linked[i] {
			s.u32s(d.Sig)
			s.u32s(d.Sample.Values)
			var codes uint32
			if g.vw[i] != nil {
				codes = 1
			}
			s.buf = binary.LittleEndian.AppendUint32(s.buf[:0], codes)
			for _, c := range g.vw[i] {
				s.buf = binary.LittleEndian.AppendUint16(s.buf, uint16(c))
			}
			s.write()
			g.sigVals += len(d.Sig)
			g.sampleVals += len(d.Sample.Values)
			if codes != 0 {
				g.codeVals += len(d.Sample.Values)
			}
		}
		d.Sig, d.Sample.Values, g.vw[i] = nil, nil, nil
	}
	return s, nil
}

// unspillCopyFeatures reads back what spillCopyFeatures wrote, for the
// documents linked as copies; the others' stay nil.
func (g *grouper) unspillCopyFeatures(s *spillFile) error {
	defer s.close()
	br, err := s.rewind()
	if err != nil {
		return err
	}
	r := &spillReader{r: br}
	sigs := make([]uint32, g.sigVals)
	vals := make([]uint32, g.sampleVals)
	codes := make([]weightCode, g.codeVals)
	for i := range g.docs {
		if !g.linked[i] {
			continue
		}
		d := &g.docs[i]
		sig, err := carve(&sigs, int(r.u32()))
		if err != nil {
			return err
		}
		r.fill(sig)
		n := int(r.u32())
		vs, err := carve(&vals, n)
		if err != nil {
			return err
		}
		r.fill(vs)
		if len(sig) > 0 {
			d.Sig = sig
		}
		if len(vs) > 0 {
			d.Sample.Values = vs
		}
		if r.u32() != 0 {
			w, err := carve(&codes, n)
			if err != nil {
				return err
			}
			b := r.bytes(2 * n)
			for j := range w {
				w[j] = weightCode(binary.LittleEndian.Uint16(b[2*j:]))
			}
			g.vw[i] = w
		}
		if r.err != nil {
			return r.err
		}
	}
	g.linked = nil
	return r.err
}
