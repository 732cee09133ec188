package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSents is the most sentences of a base article used: a sibling's
// choice of sentences is a 64-bit mask.
const maxSents = 64

// minBaseSents is the fewest sentences an article needs to be a base:
// fewer leave too few distinct subsets to make siblings that are not
// near-duplicates of each other.
const minBaseSents = 5

// base is one source article, split into sentences.
type base struct {
	id    string
	title string
	sents []string // at most maxSents
	words []int32  // words per sentence
}

// source is the text the corpus is made of.
type source struct {
	bases   []base   // articles that can be the base of an original
	pool    []string // sentences of every article (5 to 40 words): mixed into originals
	titles  []string // every title: for "read also" footers
	vocab   []string // distinct words: for word substitutions
	read    int      // articles read
	aliased int      // articles left out as bases: copies of an earlier base
	short   int      // articles left out as bases: too few sentences
}

// loadSource reads JSON Lines (plain or gzip) with id, title and content
// (or text) fields. Records are decoded and split on two goroutines and
// taken in file order, so the result does not depend on scheduling.
func loadSource(path string) (*source, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = bufio.NewReaderSize(zr, 1<<20)
	}

	// A parsed record.
	type parsed struct {
		id, title string
		sents     []string
	}
	type batch struct {
		first int // line number of the first line
		lines [][]byte
		recs  []parsed
		err   error
		done  chan struct{}
	}
	jobs := make(chan *batch, 4)
	ordered := make(chan *batch, 8)
	var readErr error
	go func() {
		defer close(jobs)
		defer close(ordered)
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 64<<20)
		line := 0
		b := &batch{first: 1, done: make(chan struct{})}
		for sc.Scan() {
			line++
			b.lines = append(b.lines, slices.Clone(sc.Bytes()))
			if len(b.lines) == 256 {
				ordered <- b
				jobs <- b
				b = &batch{first: line + 1, done: make(chan struct{})}
			}
		}
		readErr = sc.Err()
		ordered <- b
		jobs <- b
	}()
	for range 2 {
		go func() {
			for b := range jobs {
				for k, l := range b.lines {
					l = bytes.TrimSpace(l)
					if len(l) == 0 {
						continue
					}
					var rec struct {
						ID      string `json:"id"`
						Title   string `json:"title"`
						Content string `json:"content"`
						Text    string `json:"text"`
					}
					if err := json.Unmarshal(l, &rec); err != nil {
						b.err = fmt.Errorf("%s:%d: %w", path, b.first+k, err)
						break
					}
					text := rec.Content
					if text == "" {
						text = rec.Text
					}
					b.recs = append(b.recs, parsed{rec.ID, collapseSpaces(rec.Title), splitSentences(text)})
				}
				b.lines = nil
				close(b.done)
			}
		}()
	}

	src := &source{}
	owner := map[uint64]int32{} // sentence hash → first base holding it
	seed := maphash.MakeSeed()
	vocab := map[string]bool{}
	var firstErr error
	for b := range ordered {
		<-b.done
		if b.err != nil && firstErr == nil {
			firstErr = b.err
		}
		if firstErr != nil {
			continue
		}
		for _, rec := range b.recs {
			src.add(rec.id, rec.title, rec.sents, owner, seed, vocab)
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	if readErr != nil {
		return nil, fmt.Errorf("%s: %w", path, readErr)
	}
	if len(src.bases) == 0 || len(src.pool) == 0 {
		return nil, fmt.Errorf("%s: no article with %d sentences or more", path, minBaseSents)
	}
	src.vocab = make([]string, 0, len(vocab))
	for w := range vocab {
		src.vocab = append(src.vocab, w)
	}
	// Map order is random: sort for a deterministic vocabulary.
	slices.Sort(src.vocab)
	return src, nil
}

// add takes one source article in.
func (src *source) add(id, title string, sents []string, owner map[uint64]int32, seed maphash.Seed, vocab map[string]bool) {
	src.read++
	if title != "" {
		src.titles = append(src.titles, title)
	}
	words := make([]int32, len(sents))
	for i, s := range sents {
		words[i] = int32(countWords(s))
		if words[i] >= 5 && words[i] <= 40 {
			src.pool = append(src.pool, s)
		}
	}
	if len(vocab) < 200000 {
		for _, s := range sents {
			for _, w := range fields(s) {
				if len(w) >= 6 && isWordy(w) {
					vocab[w] = true
				}
			}
		}
	}
	if len(sents) > maxSents {
		sents, words = sents[:maxSents], words[:maxSents]
	}
	if len(sents) < minBaseSents || title == "" {
		src.short++
		return
	}
	// An article most of whose long sentences an earlier base already has
	// is a copy (the source has them): originals made from the two could
	// be near-duplicates, so it is no base of its own.
	keys := make([]uint64, 0, len(sents))
	votes := map[int32]int{}
	long := 0
	for i, s := range sents {
		if words[i] < 6 {
			continue
		}
		long++
		k := maphash.String(seed, s)
		keys = append(keys, k)
		if o, ok := owner[k]; ok {
			votes[o]++
		}
	}
	for _, v := range votes {
		if 10*v >= 4*long {
			src.aliased++
			return
		}
	}
	b := int32(len(src.bases))
	for _, k := range keys {
		if _, ok := owner[k]; !ok {
			owner[k] = b
		}
	}
	src.bases = append(src.bases, base{id: id, title: title, sents: sents, words: words})
}

// splitSentences splits text after . ! ? ؟ and at line breaks. A full
// stop between two digits ("7.6") does not end a sentence. A fragment of
// fewer than three words is joined to the sentence before it. Runs of
// spaces become one space.
func splitSentences(text string) []string {
	var out []string
	start := 0
	flush := func(end int) {
		s := collapseSpaces(text[start:end])
		start = end
		if s == "" || !hasLetter(s) {
			return
		}
		if countWords(s) < 3 && len(out) > 0 {
			out[len(out)-1] += " " + s
			return
		}
		out = append(out, s)
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n' || c == '\r':
			flush(i)
			start = i + 1
		case c == '.':
			if !(i > 0 && isDigitByte(text[i-1]) && i+1 < len(text) && isDigitByte(text[i+1])) {
				flush(i + 1)
			}
		case c == '!' || c == '?':
			flush(i + 1)
		case c == 0xD8 && i+1 < len(text) && text[i+1] == 0x9F: // ؟ U+061F
			flush(i + 2)
			i++
		}
		i++
	}
	flush(len(text))
	// A short first fragment has nothing before it: join it to the next.
	if len(out) > 1 && countWords(out[0]) < 3 {
		out[1] = out[0] + " " + out[1]
		out = out[1:]
	}
	return out
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// collapseSpaces returns s with every run of white space (ASCII, and the
// Unicode spaces) made one ASCII space, none at either end.
func collapseSpaces(s string) string {
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		isSpace := c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			// Arabic letters (lead bytes 0xD8–0xDB) are never spaces.
			isSpace = c != 0xD8 && c != 0xD9 && c != 0xDA && c != 0xDB && unicode.IsSpace(r)
		}
		if isSpace {
			space = true
		} else {
			if space && len(b) > 0 {
				b = append(b, ' ')
			}
			space = false
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// fields splits text whose words are separated by single spaces (see
// collapseSpaces).
func fields(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, " ")
}

func countWords(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, " ") + 1
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// isWordy reports whether w is made of letters only.
func isWordy(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}
