package samestory

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/minhash"
	"github.com/samestory/samestory/shingle"
)

// prepared is an article after normalisation, before its features are
// computed: what the boilerplate counter needs to see first.
type prepared struct {
	names      map[uint32]bool // terms written capitalised mid-sentence: proper names
	title      []byte          // normalised title
	lines      [][]byte        // lines of text
	words      []int           // words per line
	shortLines []uint64        // hashes of the short lines, for Boilerplate.ObserveHashes
	skip       string

	shingles []uint64 // distinct shingles of the content, in text order
}

// extractor turns articles into features. It holds scratch buffers: one
// per goroutine.
type extractor struct {
	cfg    *Config
	hasher *minhash.Hasher
	norm   shingle.Normalizer

	keep    []bool
	toks    [][]byte // words of the content
	ttoks   [][]byte // words of the title
	hashes  []uint64
	shing   []uint64
	scratch []byte
	sample  []uint32
	terms   termSums
	scored  []scoredTerm
	bits    []uint64
	cache   termCache
	logs    logCache
	seen    hashSet
	// What touching loads read (see termCache.touch), kept so that the
	// compiler cannot leave them out.
	touched uint64
	// Scratch space for counting a chunk's shingles in the sketch.
	batch shingle.Batch
	// A chunk's share of texts, and which of their shingles are rare
	// (see shingle.Common.AtMostAll).
	share [][]uint64
	rare  []bool

	// What the articles of a chunk keep until the chunk is done, from
	// blocks reused from chunk to chunk (see arena).
	texts  arena[byte]
	lines  arena[[]byte]
	ints   arena[int]
	shings arena[uint64]
	counts arena[termCount]

	// What documents keep: their signatures, sampled values and story
	// words. Signatures and sampled values stay to the end of a run, in
	// blocks of keptBlock values; story words move to disk chunk by chunk
	// when the run is lean, in blocks of slabBlock.
	sigSlab  slab[uint32]
	valSlab  slab[uint32]
	termSlab slab[cluster.Term]
}

// resetChunk takes back what the articles of the last chunk were given:
// the chunk is done with.
func (x *extractor) resetChunk() {
	x.texts.reset()
	x.lines.reset()
	x.ints.reset()
	x.shings.reset()
	x.counts.reset()
}

// arena hands out slices for the articles of one chunk from large blocks
// that are reused from chunk to chunk, rather than allocating each anew:
// most of what reading allocates would otherwise be garbage a chunk
// later.
type arena[T any] struct {
	block []T
	used  int // values handed out since the last reset
}

// reset takes back everything handed out. The block becomes as large as
// all that was handed out, so that the next chunk needs no other.
func (a *arena[T]) reset() {
	if a.used > cap(a.block) {
		a.block = make([]T, 0, a.used+a.used/4)
	}
	a.block = a.block[:0]
	a.used = 0
}

// free returns an empty slice with room for at least n values, for the
// caller to append to and then pass to keep.
func (a *arena[T]) free(n int) []T {
	if cap(a.block)-len(a.block) < n {
		a.block = make([]T, 0, max(n, 2*cap(a.block), 1<<12))
	}
	return a.block[len(a.block):len(a.block)]
}

// keep takes s, a slice from free appended to, as handed out, and
// returns it with its capacity cut to its length. An s that grew out of
// the block is its own.
func (a *arena[T]) keep(s []T) []T {
	a.used += len(s)
	if rest := a.block[len(a.block):cap(a.block)]; len(s) > 0 && len(rest) >= len(s) && &rest[0] == &s[0] {
		a.block = a.block[:len(a.block)+len(s)]
	}
	return s[:len(s):len(s)]
}

// slab hands out slices that live as long as the documents that hold
// them (their signatures, sampled values and story words), from blocks of
// size values (slabBlock if 0): one allocation for many small ones, and
// few objects for the collector to visit. A block is freed once no
// document holds a slice of it; the documents of a block are neighbours
// in the input, and a run drops such features for all documents at once,
// or a chunk's at once.
type slab[T any] struct {
	block []T
	size  int
}

// slabBlock is how many values a block of a slab holds by default.
const slabBlock = 1 << 16

// keptBlock is the block of the slabs of what stays to the end of a run,
// signatures and sampled values: larger, so that the features of
// neighbouring documents lie together in memory, which the passes over
// them in document order read faster (LSH bucketing and candidate
// measuring on the generated million: see bench/HISTORY.md, 4 December).
const keptBlock = 1 << 20

// alloc returns a slice of n values, its capacity cut to its length so
// that appending to it cannot reach the next one's. n = 0 gives an empty
// slice, not nil.
func (s *slab[T]) alloc(n int) []T {
	if n == 0 {
		return []T{}
	}
	if cap(s.block)-len(s.block) < n {
		s.block = make([]T, 0, max(n, cmp.Or(s.size, slabBlock)))
	}
	at := len(s.block)
	s.block = s.block[:at+n]
	return s.block[at : at+n : at+n]
}

// clone returns a copy of v as slices.Clone does (nil for nil).
func (s *slab[T]) clone(v []T) []T {
	if len(v) == 0 {
		return slices.Clone(v)
	}
	return append(s.alloc(len(v))[:0], v...)
}

func newExtractor(cfg *Config, h *minhash.Hasher) *extractor {
	return &extractor{cfg: cfg, hasher: h,
		sigSlab: slab[uint32]{size: keptBlock}, valSlab: slab[uint32]{size: keptBlock}}
}

// prepare normalises an article's title and text (read, not kept).
func (x *extractor) prepare(title, text []byte) prepared {
	var p prepared
	title, text = clip(title, x.cfg.AnalyseBytes), clip(text, x.cfg.AnalyseBytes)
	p.title = trimNewlines(x.texts.keep(x.norm.Append(x.texts.free(len(title)+16), title)))
	// Normalised text is seldom longer than the text.
	norm := x.texts.keep(x.norm.Append(x.texts.free(len(text)+16), text))
	p.lines = x.lines.keep(shingle.Lines(x.lines.free(bytes.Count(norm, []byte{'\n'})+1), norm))
	p.words = x.ints.free(len(p.lines))
	for _, l := range p.lines {
		p.words = append(p.words, countWords(l))
	}
	p.words = x.ints.keep(p.words)
	if len(p.lines) == 0 && len(p.title) == 0 {
		p.skip = "no text"
	}
	// No title: a short first line followed by more text serves as one.
	if len(p.title) == 0 && len(p.lines) > 1 && p.words[0] <= 25 {
		p.title = p.lines[0]
	}
	p.names = x.properNames(text)
	return p
}

// clip returns s cut to at most max bytes, at a line end or a space where
// there is one in the last quarter, never inside a UTF-8 sequence; max ≤
// 0 means no limit.
func clip[S ~string | ~[]byte](s S, max int) S {
	if max <= 0 || len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	for i := cut - 1; i >= max*3/4; i-- {
		if s[i] == '\n' || s[i] == ' ' {
			return s[:i]
		}
	}
	return s[:cut]
}

// properNames returns the terms of words that the text writes with a
// capital letter where a sentence does not start: in scripts with
// letter case, the cheapest sign of a proper name.
func (x *extractor) properNames(text []byte) map[uint32]bool {
	if !mayHoldUpper(text) {
		// Most Arabic articles: no word can be a name by its case.
		return nil
	}
	var names map[uint32]bool
	start := true // at the start of a sentence
	for i := 0; i < len(text); {
		c := text[i]
		if c-0xD8 <= 0xDB-0xD8 {
			// The Arabic block (lead bytes 0xD8 to 0xDB): a script
			// without letter case. Its words are skipped whole.
			i += 2
			for i+1 < len(text) && text[i]-0xD8 <= 0xDB-0xD8 {
				i += 2
			}
			start = false
			continue
		}
		if c < utf8.RuneSelf && !asciiLetter(c) {
			// What most of the rest is: spaces, digits, punctuation.
			start = start || sentenceEnd(rune(c))
			i++
			continue
		}
		r, size := utf8.DecodeRune(text[i:])
		if !unicode.IsLetter(r) {
			start = start || sentenceEnd(r)
			i += size
			continue
		}
		j := i
		for j < len(text) {
			if c := text[j]; c < utf8.RuneSelf {
				if !asciiLetter(c) && c != '\'' {
					break
				}
				j++
				continue
			}
			r2, s2 := utf8.DecodeRune(text[j:])
			if !unicode.IsLetter(r2) && r2 != '\'' {
				break
			}
			j += s2
		}
		if unicode.IsUpper(r) && !start {
			w := x.norm.Append(x.scratch[:0], text[i:j])
			x.scratch = w
			if t, ok := term(bytes.TrimRight(w, "\n ")); ok {
				if names == nil {
					names = make(map[uint32]bool)
				}
				names[t] = true
			}
		}
		start = false
		i = j
	}
	return names
}

// upperStarts marks the bytes that start the UTF-8 encoding of some
// uppercase letter (unicode.Upper, which unicode.IsUpper tests): the
// ASCII capitals and the lead bytes of the others. upperSeconds holds,
// for such a lead byte, which second bytes such an encoding has: bit k
// for the continuation byte 0x80+k. Two bytes tell a two-byte letter
// exactly and narrow a longer one down to 64 runes, so that the general
// punctuation that Arabic web text is full of (U+2000 to U+206F: the
// zero-width non-joiner, the marks of direction, typographic quotes)
// passes, though its lead byte E2 starts letters such as U+2102. A text
// in which no byte pair of the two is found holds no capital letter.
var upperStarts, upperSeconds = func() (starts [256]bool, seconds [256]uint64) {
	var buf [utf8.UTFMax]byte
	mark := func(lo, hi, stride rune) {
		for r := lo; r <= hi; r += stride {
			n := utf8.EncodeRune(buf[:], r)
			starts[buf[0]] = true
			if n > 1 {
				seconds[buf[0]] |= 1 << (buf[1] & 0x3F)
			}
		}
	}
	for _, r := range unicode.Upper.R16 {
		mark(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range unicode.Upper.R32 {
		mark(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return starts, seconds
}()

// mayHoldUpper reports whether text may hold an uppercase letter: false
// means it holds none. It looks at eight bytes at a time for a byte that
// may start one (see upperCandidates), as good as none in Arabic text,
// and only then at what upperStarts and upperSeconds say of them: a
// fraction of what properNames' walk through the runes costs.
func mayHoldUpper(text []byte) bool {
	i := 0
	for ; i+8 <= len(text); i += 8 {
		if upperCandidates(binary.LittleEndian.Uint64(text[i:])) != 0 && upperAmong(text, i, i+8) {
			return true
		}
	}
	return upperAmong(text, i, len(text))
}

// upperAmong reports whether one of text[from:to] starts the UTF-8 of an
// uppercase letter, as far as its first two bytes tell. A lead byte
// followed by a byte that is not a continuation byte starts no letter.
func upperAmong(text []byte, from, to int) bool {
	for i := from; i < to; i++ {
		c := text[i]
		if upperStarts[c] && (c < utf8.RuneSelf || i+1 < len(text) && text[i+1]&0xC0 == 0x80 && upperSeconds[c]>>(text[i+1]&0x3F)&1 != 0) {
			return true
		}
	}
	return false
}

// upperCandidates sets the high bit of each byte of x, eight bytes in
// little-endian order, that may start an uppercase letter: 'A' to 'Z',
// and the bytes from C3 up but D8 to DF (the lead bytes of Arabic,
// Syriac, Thaana and N'Ko, scripts without capitals). upperStarts marks
// some of these, and no other byte (TestUpperStarts).
func upperCandidates(x uint64) uint64 {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	hi := x & highs
	t := x &^ highs // each byte's low seven bits: sums carry into bit 7 only
	// ASCII from 0x41 ('A') up to 0x5A ('Z'), not from 0x5B up.
	upper := (t + 0x3F*ones) &^ (t + 0x25*ones) &^ hi & highs
	// From 0xC3 up; bits 3 to 6 of D8 to DF are 1011, and v is 0 there.
	v := x&(0x78*ones) ^ 0x58*ones
	notArabic := (v + 0x7F*ones | v) & highs
	return upper | hi&(t+0x3D*ones)&notArabic
}

// sentenceEnd reports whether r ends a sentence, or something that
// starts like one (a line, a heading, a quotation), for properNames.
func sentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '\n', ':', '|', '"':
		return true
	}
	return false
}

// asciiLetter reports whether c is an ASCII letter, as unicode.IsLetter
// would for it.
func asciiLetter(c byte) bool {
	c |= 0x20 // lower case
	return c >= 'a' && c <= 'z'
}

// trimNewlines turns a multi-line normalised title into one line.
func trimNewlines(b []byte) []byte {
	for len(b) > 0 && b[len(b)-1] == '\n' {
		b = b[:len(b)-1]
	}
	for i, c := range b {
		if c == '\n' {
			b[i] = ' '
		}
	}
	return b
}

// countWords returns the number of words of a line of normalised text:
// one more than its spaces, since the Normalizer separates words by one
// space and leaves none at either end of a line.
func countWords(line []byte) int {
	if len(line) == 0 {
		return 0
	}
	return bytes.Count(line, []byte{' '}) + 1
}

// features computes an article's signature, sample and term counts. The
// terms are returned as raw counts (title and lead counted more); the
// caller turns them into Doc.Terms once word rarity is known.
func (x *extractor) features(p *prepared, bp *shingle.Boilerplate, d *cluster.Doc) []termCount {
	if p.skip != "" {
		d.Skip = p.skip
		return nil
	}
	cfg := x.cfg
	x.keep = slices.Grow(x.keep[:0], len(p.lines))[:len(p.lines)]
	bp.Keep(x.keep, p.lines, p.words, p.title)

	// Content words, in order, from the kept lines; the title stands in
	// for an article without any.
	x.toks = x.toks[:0]
	for i, l := range p.lines {
		if x.keep[i] {
			x.toks = shingle.Words(x.toks, l)
		}
	}
	d.Words = len(x.toks)
	body := x.toks
	if len(body) == 0 {
		x.ttoks = shingle.Words(x.ttoks[:0], p.title)
		body = x.ttoks
	}

	// Shingles, distinct and sorted; signatures follow once the corpus
	// has told which shingles are common (see sign).
	x.hashes = x.hashes[:0]
	for _, w := range body {
		x.hashes = append(x.hashes, shingle.HashWord(w))
	}
	x.shing = x.shing[:0]
	if cfg.Shingle.Kind == shingle.Char {
		x.scratch = x.scratch[:0]
		for i, w := range body {
			if i > 0 {
				x.scratch = append(x.scratch, ' ')
			}
			x.scratch = append(x.scratch, w...)
		}
		text := slices.Clone(x.scratch)
		x.shing, x.scratch = shingle.CharShingles(x.shing, text, cfg.Shingle.N, x.scratch)
	} else {
		x.shing = shingle.WordShingles(x.shing, x.hashes, cfg.Shingle.N)
	}
	p.shingles = x.shings.keep(x.seen.distinct(x.shings.free(len(x.shing)), x.shing))

	// Terms: stems of content words; the title and the lead count more.
	x.ttoks = shingle.Words(x.ttoks[:0], p.title)
	x.terms.reset(len(x.ttoks) + len(body))
	// hashes are the words' HashWord, or nil to have them computed.
	add := func(words [][]byte, hashes []uint64, weight float64) {
		for i, w := range words {
			var h uint64
			if hashes != nil {
				h = hashes[i]
			} else {
				h = shingle.HashWord(w)
			}
			info := x.cache.lookup(w, h)
			if info&termOK == 0 {
				continue
			}
			t := uint32(info >> 32)
			f := weight
			switch {
			case p.names[t]:
				f *= cfg.NameWeight
			case info&termNumeric != 0:
				f *= cfg.NumberWeight
			}
			x.terms.add(t, f)
		}
	}
	add(x.ttoks, nil, cfg.TitleWeight)
	lead := min(len(body), cfg.LeadWords)
	if len(body) > 0 && d.Words > 0 {
		x.touched += x.cache.touch(x.hashes)
		add(body[:lead], x.hashes[:lead], cfg.LeadWeight)
		add(body[lead:], x.hashes[lead:], 1)
	}
	return x.terms.sorted(&x.counts)
}

// termCount is a term and its weighted count in an article.
type termCount struct {
	term  uint32
	count float64
}

// termSums adds up the weighted occurrences of an article's terms, in a
// table reused from article to article.
type termSums struct {
	slot  []int32  // slot[i] == k+1: list[k] holds the term that hashes to i
	term  []uint32 // term[i]: that term
	stamp []uint32 // stamp[i] == gen: slot[i] and term[i] are set for this article
	gen   uint32
	list  []termCount // terms in the order first seen, with their sums
	keys  []uint64
}

// reset readies s for an article of at most n occurrences. The table is
// at least eight times as large, so that a lookup seldom goes past its
// first slot (see add), up to 2^16 slots; beyond, as for a long text,
// twice as large.
func (s *termSums) reset(n int) {
	size := 1 << bits.Len(uint(sparse(n, 8)))
	if len(s.slot) < size {
		s.slot, s.term, s.stamp, s.gen = make([]int32, size), make([]uint32, size), make([]uint32, size), 0
	}
	if s.gen++; s.gen == 0 {
		clear(s.stamp)
		s.gen = 1
	}
	s.list = s.list[:0]
}

// add counts an occurrence of t with weight f. Occurrences of a term are
// added up in the order they come. Whether t is new to the article
// cannot be predicted, and add does not branch on it: a new term's entry
// is appended at the end of list either way, its sum starting at 0 (to
// which adding f gives f, f being a weight, never -0), and list keeps it
// only when the term is new.
func (s *termSums) add(t uint32, f float64) {
	mask := uint32(len(s.slot) - 1)
	i := t & mask // terms are hashes already
	for b2i(s.stamp[i] == s.gen)&b2i(s.term[i] != t) != 0 {
		i = (i + 1) & mask
	}
	n := len(s.list)
	isNew := b2i(s.stamp[i] != s.gen)
	k := int(s.slot[i]-1)&(isNew-1) | n&-isNew
	s.list = append(s.list, termCount{term: t})
	s.list[k].count += f
	s.list = s.list[:n+isNew]
	s.stamp[i], s.term[i], s.slot[i] = s.gen, t, int32(k+1)
}

// sorted returns the terms and their sums in a slice from a, sorted by
// term, or nil when there are none.
func (s *termSums) sorted(a *arena[termCount]) []termCount {
	if len(s.list) == 0 {
		return nil
	}
	s.keys = s.keys[:0]
	for k, tc := range s.list {
		s.keys = append(s.keys, uint64(tc.term)<<32|uint64(k))
	}
	minhash.SortHashes(s.keys) // terms are hashes
	out := a.free(len(s.keys))
	for _, key := range s.keys {
		out = append(out, s.list[uint32(key)])
	}
	return a.keep(out)
}

// sign computes the signature and sample of an article from its
// shingles, leaving out those that more than the common number of texts
// hold: rare[k] tells whether p.shingles[k] is kept.
func (x *extractor) sign(p *prepared, rare []bool, d *cluster.Doc) {
	if d.Skip != "" {
		return
	}
	x.shing = x.shing[:0]
	for k, h := range p.shingles {
		if rare[k] {
			x.shing = append(x.shing, h)
		}
	}
	d.Shingles = len(x.shing)
	d.Sig = x.hasher.Sign(x.sigSlab.alloc(x.hasher.Size())[:0], x.shing)
	s := minhash.NewSample(x.sample, x.shing, x.cfg.SampleSize)
	d.Sample = minhash.Sample{Level: s.Level, Values: x.valSlab.clone(s.Values)}
	x.sample = s.Values
}

// hashSet finds the distinct values of a list, in a table reused from
// list to list: cheaper than sorting, and nothing downstream needs the
// shingles in order.
type hashSet struct {
	keys  []uint64
	stamp []uint32 // stamp[i] == gen: keys[i] holds a value of this list
	gen   uint32
}

// distinct appends to dst the distinct values of hs, each where it first
// occurs. The table is kept at most a sixteenth full (up to 2^16 slots;
// half full beyond, as for a long text), so that a lookup seldom goes
// past its first slot, and a value is written at the end of dst whether
// or not it is new, the end moving only when it is: neither step
// branches on what the processor cannot predict (most values are new;
// where slots are taken is random).
func (s *hashSet) distinct(dst, hs []uint64) []uint64 {
	size := 1 << bits.Len(uint(sparse(len(hs), 16)))
	if len(s.keys) < size {
		s.keys, s.stamp, s.gen = make([]uint64, size), make([]uint32, size), 0
	}
	if s.gen++; s.gen == 0 {
		clear(s.stamp)
		s.gen = 1
	}
	mask := uint64(size - 1)
	n := len(dst)
	dst = slices.Grow(dst, len(hs))[:n+len(hs)]
	for _, h := range hs {
		i := (h * 0x9E3779B97F4A7C15 >> 32) & mask
		for b2i(s.stamp[i] == s.gen)&b2i(s.keys[i] != h) != 0 {
			i = (i + 1) & mask
		}
		isNew := b2i(s.stamp[i] != s.gen)
		s.stamp[i], s.keys[i] = s.gen, h
		dst[n] = h
		n += isNew
	}
	return dst[:n]
}

// termCache remembers, by the 64-bit hash of a word, what the terms of
// an article need to know of it: its term (see term) and whether it is a
// number or a word of time. News text repeats its words, and stemming
// and the word lists are the dear part of extracting terms. The cache is
// direct-mapped: a word that misses is worked out again, so the cache
// changes only the time taken.
type termCache struct {
	slots [termCacheSize]termEntry
}

// termEntry is a slot of a termCache: the word's hash and what is known
// of it side by side, one trip to memory away.
type termEntry struct {
	key uint64
	val uint64 // term<<32 | flags; 0: empty
}

// termCacheSize is the slots of a termCache: 16 MiB a worker. On the
// generated 300,000 articles (65 million lookups), 2^18 slots missed 7.2%
// of them, 2^20 2.6%, for 0.5 to 0.7 s less of lookups in all.
const termCacheSize = 1 << 20

// Flags of termCache values.
const (
	termSet     = 1 << iota // the slot holds a word
	termOK                  // the word is a term
	termNumeric             // the word is a number or a word of time
)

// touch reads the slots of the words whose HashWord are hs and returns
// what it read, for the caller to keep: lookups of many words then wait
// on memory together rather than one after the other.
func (c *termCache) touch(hs []uint64) uint64 {
	var sum uint64
	for _, h := range hs {
		sum += c.slots[h&(termCacheSize-1)].key
	}
	return sum
}

// lookup returns the term of w, whose HashWord is h, in the high 32 bits
// and its flags in the low ones.
func (c *termCache) lookup(w []byte, h uint64) uint64 {
	e := &c.slots[h&(termCacheSize-1)]
	if v := e.val; v != 0 && e.key == h {
		return v
	}
	v := uint64(termSet)
	if t, ok := term(w); ok {
		v |= uint64(t)<<32 | termOK
		if w[0] >= '0' && w[0] <= '9' || shingle.IsTemporal(w) {
			v |= termNumeric
		}
	}
	e.key, e.val = h, v
	return v
}

// term returns the term hash of a word, or false for a word that says
// nothing about an event: a stopword, or a single letter.
func term(w []byte) (uint32, bool) {
	if len(w) < 2 || shingle.IsStopword(w) {
		return 0, false
	}
	s := shingle.Stem(w)
	if len(s) < 2 {
		return 0, false
	}
	return uint32(shingle.HashWord(s)), true
}

// rarities turns the number of articles that hold a word into its rarity
// (cluster.IDF) and whether another article has it.
type rarities struct {
	idf *cluster.IDFs
	// Whether the run is incremental: then a word no article shares yet
	// may be shared by a later one. It is kept, ranked as if one other
	// article had it (its rarity now would put every misspelling first).
	incremental bool
}

// of returns the rarity of a word that df articles hold, and whether it
// is shared.
func (r *rarities) of(df int32) (float64, bool) {
	if r.incremental {
		return r.idf.Of(int(max(df, 2))), true
	}
	return r.idf.Of(int(df)), df >= 2
}

// topTerms turns term counts (sorted by term, as termSums leaves them)
// into the Doc's terms, sorted by hash: damped counts, keeping the max
// most telling words that some other article also has (by damped count
// times rarity, ties to the lower hash), and returns the squared weight
// of all the others, added up in hash order. dfs[i] is how many articles
// hold the term of counts[i], which rarity turns into the term's rarity
// and whether it is shared.
func (x *extractor) topTerms(counts []termCount, dfs []int32, max int, rarity *rarities) ([]cluster.Term, float32) {
	ts := x.scored[:0]
	rest := 0.0
	// Terms come in hash order, so that sums of floats do not depend on
	// anything but the counts.
	for i, tc := range counts {
		c := tc.count
		w := 1 + x.logs.log(c)
		if c < 1 {
			w = c
		}
		idf, shared := rarity.of(dfs[i])
		s := w * idf
		if !shared {
			rest += s * s
			continue
		}
		ts = append(ts, scoredTerm{cluster.Term{Hash: tc.term, Weight: float32(w)}, s})
	}
	x.scored = ts
	if len(ts) <= max {
		// All kept, and already in hash order.
		out := x.termSlab.alloc(len(ts))
		for i, t := range ts {
			out[i] = t.t
		}
		return out, float32(rest)
	}
	// The max-th highest score, found by a selection among the scores as
	// integers that order as they do.
	x.bits = x.bits[:0]
	for _, t := range ts {
		x.bits = append(x.bits, orderedBits(t.score))
	}
	cut := cluster.NthSmallest(x.bits, len(x.bits)-max)
	ties := max // terms scored cut that are kept: those of the lower hashes
	for _, b := range x.bits {
		if b > cut {
			ties--
		}
	}
	out := x.termSlab.alloc(max)[:0]
	for _, t := range ts {
		switch b := orderedBits(t.score); {
		case b > cut:
		case b == cut && ties > 0:
			ties--
		default:
			rest += t.score * t.score
			continue
		}
		out = append(out, t.t)
	}
	return out, float32(rest)
}

// logCache remembers math.Log of the values it was last asked for, by
// their bits: the damped counts of terms take few values (1, 2, a title
// word's weight, ...), and a logarithm costs several times a lookup.
type logCache struct {
	slots [256]logSlot
}

type logSlot struct {
	bits uint64
	log  float64
	set  bool
}

// log returns math.Log(x).
func (c *logCache) log(x float64) float64 {
	bits := math.Float64bits(x)
	s := &c.slots[bits*0x9E3779B97F4A7C15>>56]
	if !s.set || s.bits != bits {
		*s = logSlot{bits: bits, log: math.Log(x), set: true}
	}
	return s.log
}

// orderedBits maps a float64 that is not NaN to a uint64, keeping their
// order.
func orderedBits(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// scoredTerm is a term of an article with how telling it is.
type scoredTerm struct {
	t     cluster.Term
	score float64
}

// sparse returns how many slots a table of n keys asks for, before
// rounding up to a power of two, to stay at most 1/factor full: up to
// 2^16, beyond which twice n do, so that a long text's tables (see
// Config.AnalyseBytes) take a few times its keys, not factor times.
func sparse(n, factor int) int {
	return min(factor*n, max(2*n, 1<<16))
}

// b2i is 1 for true and 0 for false, which the compiler computes without
// a branch: for counts and indexes that advance by a condition the
// processor could not predict.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
