package shingle

import (
	"bytes"
	"slices"

	"github.com/cespare/xxhash/v2"
)

// Boilerplate tells the lines of an article that carry its content from
// the lines a site or a tool wrapped around it: share prompts, "related
// posts" teasers, bylines and datelines, footers, a title repeated in the
// body. Such lines stay in the article; they only do not count toward
// similarity.
//
// A line of normalised text is boilerplate when
//   - it repeats the title, or a line earlier in the same article;
//   - it is short (at most MaxWords words) and starts with a known
//     boilerplate phrase such as "share", "related posts", "اقرا ايضا"
//     or "مقالات ذات صله" (see [KnownBoilerplate]);
//   - it is short and occurs in at least MinRepeat different articles
//     observed so far (see [Boilerplate.Observe]).
//
// Long lines are never boilerplate by repetition: a paragraph found in
// many articles is shared content (a press release, a wire text), which is
// exactly what near-duplicate detection must see. And when dropping
// repeated short lines would leave an article with fewer than a quarter of
// its words (or fewer than 10), they are kept: a short item copied by many
// outlets is news, not a footer.
//
// A Boilerplate is not safe for concurrent use; observing and filtering are
// separate steps so that a batch can be observed first and then filtered
// in parallel by read-only calls to Keep.
type Boilerplate struct {
	// MinRepeat is how many articles a short line must occur in to count
	// as boilerplate. Values below 2 disable the repetition rule.
	MinRepeat int
	// MaxWords is the longest line, in words, that can be boilerplate by
	// phrase or by repetition.
	MaxWords int

	counts lineCounts // short line hash → articles seen with it
	hashes []uint64   // scratch space of Observe
	dedup  []uint64   // and of ObserveHashes
}

// NewBoilerplate returns a Boilerplate with the given settings.
func NewBoilerplate(minRepeat, maxWords int) *Boilerplate {
	return &Boilerplate{MinRepeat: minRepeat, MaxWords: maxWords}
}

// LineHash returns the hash by which lines are compared.
func LineHash(line []byte) uint64 { return xxhash.Sum64(line) }

// Observe counts the short lines of one article. lines are the article's
// normalised lines and words[i] is the number of words in lines[i]; a line
// occurring twice in the article counts once.
func (b *Boilerplate) Observe(lines [][]byte, words []int) {
	b.hashes = b.ShortLineHashes(b.hashes[:0], lines, words)
	b.ObserveHashes(b.hashes)
}

// ShortLineHashes appends to dst the LineHash of each of lines with at
// most MaxWords words (words[i] is the number of words in lines[i]), in
// order, and returns the extended slice; it appends nothing when the
// repetition rule is off (MinRepeat below 2). It only reads the
// settings, so that the hashes of many articles can be computed
// concurrently and then given to ObserveHashes one article at a time.
func (b *Boilerplate) ShortLineHashes(dst []uint64, lines [][]byte, words []int) []uint64 {
	if b.MinRepeat < 2 {
		return dst
	}
	for i, l := range lines {
		if words[i] <= b.MaxWords {
			dst = append(dst, LineHash(l))
		}
	}
	return dst
}

// ObserveHashes is Observe given ShortLineHashes of the article's lines.
func (b *Boilerplate) ObserveHashes(hs []uint64) {
	if b.MinRepeat < 2 {
		return
	}
	b.dedup = b.dedup[:0]
	for _, h := range hs {
		if !slices.Contains(b.dedup, h) {
			b.dedup = append(b.dedup, h)
			b.counts.add(h)
		}
	}
}

// Lines returns how many distinct short lines have been observed.
func (b *Boilerplate) Lines() int { return b.counts.n }

// Keep sets keep[i] to whether lines[i] counts toward similarity, given the
// article's normalised title (possibly empty). words[i] is the number of
// words in lines[i]. It only reads the Boilerplate, so concurrent calls are
// safe once observing is done.
func (b *Boilerplate) Keep(keep []bool, lines [][]byte, words []int, title []byte) {
	// Only short lines are hashed, to be looked up among the repeated
	// ones: the long ones, most of the text, are compared whole, and with
	// the title only when as long.
	kept, repeated := 0, 0
	for i, l := range lines {
		keep[i] = true
		switch {
		case len(title) > 0 && string(l) == string(title):
			keep[i] = false
		case seenBefore(lines[:i], l):
			keep[i] = false
		case words[i] <= b.MaxWords && KnownBoilerplate(l):
			keep[i] = false
		}
		if keep[i] {
			kept += words[i]
			if b.MinRepeat >= 2 && words[i] <= b.MaxWords && int(b.counts.get(LineHash(l))) >= b.MinRepeat {
				repeated += words[i]
			}
		}
	}
	left := kept - repeated
	if repeated == 0 || left < 10 || 4*left < kept {
		return
	}
	for i, l := range lines {
		if keep[i] && words[i] <= b.MaxWords && int(b.counts.get(LineHash(l))) >= b.MinRepeat {
			keep[i] = false
		}
	}
}

func seenBefore(earlier [][]byte, l []byte) bool {
	for _, e := range earlier {
		if string(e) == string(l) {
			return true
		}
	}
	return false
}

// KnownBoilerplate reports whether a normalised line starts like a known
// share prompt, teaser, credit or site furniture, in Arabic or English.
// One-word phrases must be the line's first word and the line at most four
// words long ("share" alone, not "share prices rose"); longer phrases must
// start the line.
func KnownBoilerplate(line []byte) bool {
	// The line is looked at as bytes, not made a string: most short
	// lines are longer than the 32 bytes such a string can hold without
	// being allocated. Its first word is made one, being no longer.
	first, rest, _ := bytes.Cut(line, []byte{' '})
	if len(first) > maxBoilerWord {
		return false
	}
	w := string(first)
	if isBoilerWord(w) && bytes.Count(rest, []byte{' '}) < 3 {
		return true
	}
	if !startsPhrase(w) {
		return false
	}
	for _, p := range boilerPhrases() {
		if len(line) >= len(p) && string(line[:len(p)]) == p && (len(line) == len(p) || line[len(p)] == ' ') {
			return true
		}
	}
	return false
}

// maxBoilerWord is the longest first word, in bytes, that
// KnownBoilerplate looks up: the words isBoilerWord and startsPhrase
// know are at most 18 bytes ("الاعلانات"), and a longer one would need
// a string allocated.
const maxBoilerWord = 32

func isBoilerWord(w string) bool {
	switch w {
	case "share", "shares", "tweet", "related", "advertisement", "advertisements", "subscribe",
		"top", "close", "changed", "comments", "print", "email", "tags", "source", "sources",
		"published", "posted", "updated", "on", "more", "next", "previous",
		"شارك", "شاركها", "شاركوا", "تابعونا", "تابعنا", "المصدر", "المصادر", "المزيد",
		"الاعلانات", "اعلان", "طباعه", "التعليقات", "الوسوم", "وسوم", "يتبع", "انتهي":
		return true
	}
	return false
}

// startsPhrase reports whether w is the first word of one of
// boilerPhrases: a phrase starts a line, up to a space or the line's end,
// only when the line's first word is the phrase's.
func startsPhrase(w string) bool {
	switch w {
	case "follow", "read", "also", "see", "sign", "we", "this", "all", "copyright",
		"click", "back", "leave", "related", "share", "email", "you",
		"اقرا", "شارك", "تابع", "مقالات", "مواضيع", "اخبار", "ذات", "زر", "الذهاب",
		"رابط", "الرابط", "تم", "نشر", "حصه", "اتصل", "جميع", "حقوق", "اشترك",
		"للاشتراك", "نستخدم", "ارسل", "اضف", "كلمات", "وصل", "للتواصل", "لمتابعه":
		return true
	}
	return false
}

// boilerPhrases returns the phrases that make a short line boilerplate
// when they start it. A phrase's first word is one startsPhrase knows.
func boilerPhrases() []string {
	return []string{
		"follow us", "read more", "read also", "also read", "see also", "sign up",
		"we use cookies", "this site uses cookies", "all rights reserved", "copyright",
		"click here", "back to top", "leave a comment", "related posts", "related articles",
		"related stories", "share this", "share on", "email this", "you may also like",
		"اقرا ايضا", "اقرا المزيد", "اقرا اكثر", "اقرا كذلك", "شارك القصه", "شارك هذا",
		"شارك المقال", "تابع القراءه", "مقالات ذات صله", "مواضيع ذات صله", "اخبار ذات صله",
		"ذات صله", "زر الذهاب الي الاعلي", "الذهاب الي الاعلي", "رابط مختصر", "الرابط المختصر",
		"تم النشر", "نشر في", "حصه هذه الماده", "اتصل بنا", "جميع الحقوق محفوظه", "حقوق النشر",
		"اشترك في", "للاشتراك", "نستخدم ملفات تعريف الارتباط", "نستخدم تسجيلك", "ارسل لصديق",
		"اضف تعليق", "كلمات مفتاحيه", "وصل حديثا", "للتواصل مع", "لمتابعه اخر",
	}
}

// lineCounts maps line hashes to counts: open addressing with linear
// probing, several times cheaper than a map for the lookups of every
// short line of every article. The zero value is empty.
type lineCounts struct {
	keys []uint64
	vals []uint32 // 0: empty slot
	n    int
}

func (t *lineCounts) slot(k uint64) int {
	mask := len(t.keys) - 1
	i := int(k*0x9E3779B97F4A7C15>>32) & mask
	for t.vals[i] != 0 && t.keys[i] != k {
		i = (i + 1) & mask
	}
	return i
}

// get returns the count of k (0 when absent).
func (t *lineCounts) get(k uint64) uint32 {
	if t.n == 0 {
		return 0
	}
	return t.vals[t.slot(k)]
}

// add adds 1 to the count of k, up to 1<<31.
func (t *lineCounts) add(k uint64) {
	if 4*(t.n+1) > 3*len(t.keys) { // at most three quarters full
		t.grow()
	}
	i := t.slot(k)
	switch {
	case t.vals[i] == 0:
		t.keys[i], t.vals[i] = k, 1
		t.n++
	case t.vals[i] < 1<<31:
		t.vals[i]++
	}
}

// set sets the count of k to v > 0.
func (t *lineCounts) set(k uint64, v uint32) {
	if 4*(t.n+1) > 3*len(t.keys) { // at most three quarters full
		t.grow()
	}
	i := t.slot(k)
	if t.vals[i] == 0 {
		t.n++
	}
	t.keys[i], t.vals[i] = k, v
}

func (t *lineCounts) grow() {
	keys, vals := t.keys, t.vals
	size := max(2*len(keys), 256)
	t.keys, t.vals = make([]uint64, size), make([]uint32, size)
	for j, v := range vals {
		if v != 0 {
			i := t.slot(keys[j])
			t.keys[i], t.vals[i] = keys[j], v
		}
	}
}
