package shingle

import (
	"strings"

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

	counts map[uint64]uint32 // short line hash → articles seen with it
	dedup  []uint64
}

// NewBoilerplate returns a Boilerplate with the given settings.
func NewBoilerplate(minRepeat, maxWords int) *Boilerplate {
	return &Boilerplate{MinRepeat: minRepeat, MaxWords: maxWords, counts: make(map[uint64]uint32)}
}

// LineHash returns the hash by which lines are compared.
func LineHash(line []byte) uint64 { return xxhash.Sum64(line) }

// Observe counts the short lines of one article. lines are the article's
// normalised lines and words[i] is the number of words in lines[i]; a line
// occurring twice in the article counts once.
func (b *Boilerplate) Observe(lines [][]byte, words []int) {
	if b.MinRepeat < 2 {
		return
	}
	b.dedup = b.dedup[:0]
	for i, l := range lines {
		if words[i] > b.MaxWords {
			continue
		}
		h := LineHash(l)
		dup := false
		for _, d := range b.dedup {
			if d == h {
				dup = true
				break
			}
		}
		if !dup {
			b.dedup = append(b.dedup, h)
			if c := b.counts[h]; c < 1<<31 {
				b.counts[h] = c + 1
			}
		}
	}
}

// Lines returns how many distinct short lines have been observed.
func (b *Boilerplate) Lines() int { return len(b.counts) }

// Keep sets keep[i] to whether lines[i] counts toward similarity, given the
// article's normalised title (possibly empty). words[i] is the number of
// words in lines[i]. It only reads the Boilerplate, so concurrent calls are
// safe once observing is done.
func (b *Boilerplate) Keep(keep []bool, lines [][]byte, words []int, title []byte) {
	titleHash := uint64(0)
	if len(title) > 0 {
		titleHash = LineHash(title)
	}
	kept, repeated := 0, 0
	for i, l := range lines {
		keep[i] = true
		h := LineHash(l)
		switch {
		case len(title) > 0 && h == titleHash && string(l) == string(title):
			keep[i] = false
		case seenBefore(lines[:i], l):
			keep[i] = false
		case words[i] <= b.MaxWords && KnownBoilerplate(l):
			keep[i] = false
		}
		if keep[i] {
			kept += words[i]
			if b.MinRepeat >= 2 && words[i] <= b.MaxWords && int(b.counts[h]) >= b.MinRepeat {
				repeated += words[i]
			}
		}
	}
	left := kept - repeated
	if repeated == 0 || left < 10 || 4*left < kept {
		return
	}
	for i, l := range lines {
		if keep[i] && words[i] <= b.MaxWords && int(b.counts[LineHash(l)]) >= b.MinRepeat {
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
	s := string(line)
	first, rest, _ := strings.Cut(s, " ")
	if isBoilerWord(first) && strings.Count(rest, " ") < 3 {
		return true
	}
	for _, p := range boilerPhrases() {
		if strings.HasPrefix(s, p) && (len(s) == len(p) || s[len(p)] == ' ') {
			return true
		}
	}
	return false
}

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
