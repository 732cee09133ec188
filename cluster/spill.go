package cluster

import (
	"bufio"
	"cmp"
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
// Marks cut the file into parts that are read back in parallel (and, for
// the signatures, written in parallel): a mark tells where the bytes of a
// document start and how many values of each field come before it, so
// that each part's values have their place in the arrays before the
// parts before it are read. Writing and reading a file this size is
// mostly the system finding pages for it, which two cores do in less
// time than one (at 300,000 articles, about 1.5 s for these steps
// instead of 2.1–2.4 s).
//
// The file is removed as soon as it is created where the system allows
// that (it then disappears with the process, whatever happens), else
// when it is closed.
type spillFile struct {
	f       *os.File
	w       *bufio.Writer
	buf     []byte
	size    int64 // bytes written through w
	marks   []spillMark
	removed bool
	err     error
}

// spillMark is where document doc's bytes start in a spill file, and how
// many values of each field the documents before it hold.
type spillMark struct {
	doc  int
	off  int64
	vals [3]int
}

// spillMarkEvery is how many documents a term file holds between marks.
const spillMarkEvery = 1 << 14

func newSpillFile(dir, kind string) (*spillFile, error) {
	f, err := os.CreateTemp(dir, "samestory-"+kind+"-*")
	if err != nil {
		return nil, fmt.Errorf("cluster: spill: %w", err)
	}
	s := &spillFile{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	s.removed = os.Remove(f.Name()) == nil
	return s, nil
}

func (s *spillFile) write() {
	if s.err == nil {
		_, s.err = s.w.Write(s.buf)
		s.size += int64(len(s.buf))
	}
}

// flush ends writing.
func (s *spillFile) flush() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	if s.err != nil {
		return fmt.Errorf("cluster: spill: %w", s.err)
	}
	return nil
}

// parts returns the marks that start about parts equal parts of the
// file's documents, and one past the last, at docs documents and end
// bytes.
func (s *spillFile) parts(parts, docs int, end int64, vals [3]int) []spillMark {
	marks := s.marks
	out := make([]spillMark, 0, parts+1)
	for k := range parts {
		m := marks[len(marks)*k/parts]
		if len(out) == 0 || m.doc > out[len(out)-1].doc {
			out = append(out, m)
		}
	}
	return append(out, spillMark{doc: docs, off: end, vals: vals})
}

// readParts calls read on a reader of each part between the marks, in
// parallel, and returns the first error by part.
func (s *spillFile) readParts(marks []spillMark, read func(r *spillReader, from, to spillMark)) error {
	errs := make([]error, len(marks)-1)
	parallel(len(marks)-1, len(marks)-1, func(k int) {
		from, to := marks[k], marks[k+1]
		br := bufio.NewReaderSize(io.NewSectionReader(s.f, from.off, to.off-from.off), 1<<20)
		r := &spillReader{r: br}
		read(r, from, to)
		errs[k] = r.err
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
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
//
// A document is written as its number of terms and of weights written
// whole, then the terms' hashes, then a byte per weight: the code of one
// of the first 255 different weights the file met (see termWeights), or
// 255 for a weight written whole after them. Story words' weights are
// damped counts, with few different values: a term takes 5 bytes
// instead of 8, and writing and reading the file is mostly the system
// finding pages for its bytes.
type TermFile struct {
	s       *spillFile
	dir     string
	docs    int // documents added
	terms   int // terms added
	every   int // documents between marks (spillMarkEvery, unless a test sets it)
	weights termWeights
	whole   []uint32 // scratch: a document's weights written whole
}

// NewTermFile creates a term file in dir.
func NewTermFile(dir string) (*TermFile, error) {
	s, err := newSpillFile(dir, "terms")
	if err != nil {
		return nil, err
	}
	return &TermFile{s: s, dir: dir, every: spillMarkEvery}, nil
}

// Add writes the Terms of the next document. A write error is kept and
// returned by the reading that Group does.
func (f *TermFile) Add(ts []Term) {
	s := f.s
	if f.docs%f.every == 0 {
		s.marks = append(s.marks, spillMark{doc: f.docs, off: s.size, vals: [3]int{f.terms}})
	}
	s.buf = binary.LittleEndian.AppendUint32(s.buf[:0], uint32(len(ts)))
	s.buf = append(s.buf, 0, 0, 0, 0) // the weights written whole: counted below
	for _, t := range ts {
		s.buf = binary.LittleEndian.AppendUint32(s.buf, t.Hash)
	}
	f.whole = f.whole[:0]
	for _, t := range ts {
		bits := math.Float32bits(t.Weight)
		c := f.weights.code(bits)
		if c == wholeWeight {
			f.whole = append(f.whole, bits)
		}
		s.buf = append(s.buf, c)
	}
	binary.LittleEndian.PutUint32(s.buf[4:], uint32(len(f.whole)))
	for _, bits := range f.whole {
		s.buf = binary.LittleEndian.AppendUint32(s.buf, bits)
	}
	s.write()
	f.docs++
	f.terms += len(ts)
}

// wholeWeight is the code of a weight written whole.
const wholeWeight = 255

// termWeights gives weights one-byte codes: the first 255 different ones
// it is asked for (by their bits) get 0 to 254, in the order they come;
// any other gets wholeWeight. The codes are found in a table of open
// addressing that is never more than a quarter full.
type termWeights struct {
	slots [1 << 10]weightSlot
	dict  []uint32 // code → the weight's bits
}

type weightSlot struct {
	bits uint32
	code uint8
	set  bool
}

func (t *termWeights) code(bits uint32) uint8 {
	mask := len(t.slots) - 1
	for i := int(bits*0x9E3779B1>>22) & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch {
		case s.set && s.bits == bits:
			return s.code
		case s.set:
			continue
		case len(t.dict) == wholeWeight:
			return wholeWeight
		}
		s.bits, s.code, s.set = bits, uint8(len(t.dict)), true
		t.dict = append(t.dict, bits)
		return s.code
	}
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

// load reads the Terms back into docs, one array for all, with the given
// number of workers, and closes the file.
func (f *TermFile) load(docs []Doc, workers int) error {
	defer f.Close()
	if f.s == nil {
		return errors.New("cluster: term file closed")
	}
	if f.docs != len(docs) {
		return fmt.Errorf("cluster: term file holds %d documents, grouping %d", f.docs, len(docs))
	}
	if err := f.s.flush(); err != nil || f.docs == 0 {
		return err
	}
	all := make([]Term, f.terms)
	marks := f.s.parts(max(workers, 1), f.docs, f.s.size, [3]int{f.terms})
	return f.s.readParts(marks, func(r *spillReader, from, to spillMark) {
		rest := all[from.vals[0]:to.vals[0]]
		dict := f.weights.dict
		for i := from.doc; i < to.doc; i++ {
			head := r.bytes(8)
			n, whole := int(binary.LittleEndian.Uint32(head)), int(binary.LittleEndian.Uint32(head[4:]))
			ts, err := carve(&rest, n)
			if err == nil && (whole < 0 || whole > n) {
				err = fmt.Errorf("cluster: spill: bad count %d", whole)
			}
			if err != nil {
				r.err = cmp.Or(r.err, err)
				return
			}
			b := r.bytes(5*n + 4*whole)
			hashes, codes, wholes := b[:4*n], b[4*n:5*n], b[5*n:]
			for j := range ts {
				var bits uint32
				switch c := codes[j]; {
				case c == wholeWeight && len(wholes) >= 4:
					bits, wholes = binary.LittleEndian.Uint32(wholes), wholes[4:]
				case int(c) < len(dict):
					bits = dict[c]
				default:
					r.err = cmp.Or(r.err, fmt.Errorf("cluster: spill: bad weight code %d", c))
					return
				}
				ts[j] = Term{Hash: binary.LittleEndian.Uint32(hashes[4*j:]), Weight: math.Float32frombits(bits)}
			}
			if n > 0 {
				docs[i].Terms = ts
			}
		}
	})
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
// the documents featuresNeeded names to a file in dir, and drops those of
// every document. Only those documents will have them back (see
// unspillCopyFeatures): what is left to do measures a copy against its
// group's canonical when verification did not, and nothing else. A
// sample's level stays in memory. Each worker writes its share of the
// documents where the sizes of the records before it put them.
func (g *grouper) spillCopyFeatures(dir string) (*spillFile, error) {
	s, err := newSpillFile(dir, "signatures")
	if err != nil {
		return nil, err
	}
	n := len(g.docs)
	g.needed = g.featuresNeeded()
	W := g.o.Workers
	marks := make([]spillMark, W+1)
	var at spillMark
	for w := range W + 1 {
		to := n * w / W
		for i := at.doc; i < to; i++ {
			if g.needed[i] {
				d := &g.docs[i]
				at.off += 12 + 4*int64(len(d.Sig)+len(d.Sample.Values))
				at.vals[0] += len(d.Sig)
				at.vals[1] += len(d.Sample.Values)
				if g.vw[i] != nil {
					at.off += 2 * int64(len(d.Sample.Values))
					at.vals[2] += len(d.Sample.Values)
				}
			}
		}
		at.doc = to
		marks[w] = at
	}
	errs := make([]error, W)
	parallel(W, W, func(w int) {
		var buf []byte
		off := marks[w].off
		flush := func() {
			if _, err := s.f.WriteAt(buf, off); err != nil && errs[w] == nil {
				errs[w] = fmt.Errorf("cluster: spill: %w", err)
			}
			off += int64(len(buf))
			buf = buf[:0]
		}
		for i := marks[w].doc; i < marks[w+1].doc; i++ {
			if !g.needed[i] {
				continue
			}
			d := &g.docs[i]
			buf = appendU32s(buf, d.Sig)
			buf = appendU32s(buf, d.Sample.Values)
			var codes uint32
			if g.vw[i] != nil {
				codes = 1
			}
			buf = binary.LittleEndian.AppendUint32(buf, codes)
			for _, c := range g.vw[i] {
				buf = binary.LittleEndian.AppendUint16(buf, uint16(c))
			}
			if len(buf) >= 1<<20 {
				flush()
			}
		}
		if len(buf) > 0 {
			flush()
		}
	})
	for _, err := range errs {
		if err != nil {
			s.close()
			return nil, err
		}
	}
	s.marks = marks
	g.sigVals, g.sampleVals, g.codeVals = marks[W].vals[0], marks[W].vals[1], marks[W].vals[2]
	for i := range g.docs {
		d := &g.docs[i]
		d.Sig, d.Sample.Values, g.vw[i] = nil, nil, nil
	}
	return s, nil
}

// featuresNeeded tells which documents' features may be read once
// stories are built: a copy not linked to the canonical of its
// near-duplicate group is measured against it then (see copyTo). Groups
// are the components of copy links inside a story, and the canonical
// of a group its most preferred member, so a document whose copy links
// reach every more preferred member of its component (over all copy
// links) is linked to its canonical, whatever the stories. Of a
// component, the members after the last one that misses such a link
// need nothing; that member and every member before it, which includes
// every member that can be its canonical, are needed.
func (g *grouper) featuresNeeded() []bool {
	n := len(g.docs)
	comp := components(n, g.copies, g.rank, 0) // by its most preferred member
	// up[d]: d's links to more preferred members; at[c]: the members of
	// component c seen so far, in order of preference; last[c]: the
	// place of the last that misses a link, or -1.
	up, at, last := make([]int32, n), make([]int32, n), make([]int32, n)
	for _, e := range g.copies {
		if g.rank[e.a] < g.rank[e.b] {
			up[e.b]++
		} else {
			up[e.a]++
		}
	}
	for _, d := range g.byRk {
		c := comp[d]
		if c == d {
			last[c] = -1
		}
		if up[d] < at[c] {
			last[c] = at[c]
		}
		at[c]++
	}
	need := make([]bool, n)
	clear(at)
	for _, d := range g.byRk {
		c := comp[d]
		need[d] = at[c] <= last[c]
		at[c]++
	}
	return need
}

// appendU32s appends a length and the values to buf.
func appendU32s(buf []byte, vs []uint32) []byte {
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(vs)))
	for _, v := range vs {
		buf = binary.LittleEndian.AppendUint32(buf, v)
	}
	return buf
}

// unspillCopyFeatures reads back what spillCopyFeatures wrote, for the
// documents it wrote; the others' stay nil.
func (g *grouper) unspillCopyFeatures(s *spillFile) error {
	defer s.close()
	sigs := make([]uint32, g.sigVals)
	vals := make([]uint32, g.sampleVals)
	codes := make([]weightCode, g.codeVals)
	err := s.readParts(s.marks, func(r *spillReader, from, to spillMark) {
		sigs := sigs[from.vals[0]:to.vals[0]]
		vals := vals[from.vals[1]:to.vals[1]]
		codes := codes[from.vals[2]:to.vals[2]]
		for i := from.doc; i < to.doc && r.err == nil; i++ {
			if !g.needed[i] {
				continue
			}
			d := &g.docs[i]
			sig, err := carve(&sigs, int(r.u32()))
			if err != nil {
				r.err = err
				return
			}
			r.fill(sig)
			n := int(r.u32())
			vs, err := carve(&vals, n)
			if err != nil {
				r.err = err
				return
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
					r.err = err
					return
				}
				b := r.bytes(2 * n)
				for j := range w {
					w[j] = weightCode(binary.LittleEndian.Uint16(b[2*j:]))
				}
				g.vw[i] = w
			}
		}
	})
	g.needed = nil
	return err
}
