package shingle

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// normLine normalises one line of raw text, without its final newline.
func normLine(raw string) []byte {
	return []byte(strings.TrimSuffix(NormalizeString(raw), "\n"))
}

// prepare normalises raw article text and returns its lines and the number
// of words in each, as the caller of Boilerplate does.
func prepare(raw string) (lines [][]byte, words []int) {
	lines = Lines(nil, []byte(NormalizeString(raw)))
	for _, l := range lines {
		words = append(words, len(Words(nil, l)))
	}
	return lines, words
}

func keepLines(b *Boilerplate, raw, title string) (lines [][]byte, keep []bool) {
	lines, words := prepare(raw)
	keep = make([]bool, len(lines))
	b.Keep(keep, lines, words, normLine(title))
	return lines, keep
}

func TestKnownBoilerplate(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"Share", true},
		{"SHARE:", true},
		{"share this on facebook", true}, // four words
		{"tweet a b c", true},            // four words starting with a one-word phrase
		{"tweet a b c d", false},         // five words: too long for a one-word phrase
		{"Related Posts", true},
		{"Related posts: Putin visits Minsk for talks with Lukashenko", true},
		{"Read more", true},
		{"All rights reserved © 2024", true},
		{"شارك", true},
		{"شارك القصة", true},
		{"اقرأ أيضا", true},
		{"اقرأ أيضاً: بوتين يزور مينسك للمرة الأولى منذ 2019", true},
		{"مقالات ذات صلة", true},
		{"زر الذهاب إلى الأعلى", true},
		{"جميع الحقوق محفوظة", true},
		{"تم النشر", true},
		{"المصدر: وكالات", true},

		{"share prices rose sharply on monday", false}, // content line starting with "share"
		{"shareholders approved the deal", false},
		{"readers will decide", false},
		{"اقرا ايضاح", false}, // a phrase must end at a word boundary
		{"الرئيس الروسي فلاديمير بوتين", false},
		{"وقال بوتين في مؤتمر صحافي مشترك مع نظيره البيلاروسي", false},
		{"", false},
	}
	for _, tc := range tests {
		line := normLine(tc.raw)
		if got := KnownBoilerplate(line); got != tc.want {
			t.Errorf("KnownBoilerplate(%q) (from %q) = %v, want %v", line, tc.raw, got, tc.want)
		}
	}
}

const (
	// Content lines of a made-up article, long enough (≥ 10 words) to pass
	// the fallback.
	contentA = "أكد الرئيس الروسي فلاديمير بوتين الاثنين أن بلاده لن تبتلع بيلاروس داعيا الى تعزيز العلاقات العسكريه"
	contentB = "وقال بوتين في مؤتمر صحافي مشترك مع نظيره البيلاروسي في مينسك لا مصلحه لروسيا في ذلك"
	contentC = "وستواصل روسيا تدريب جنود بيلاروس على قياده طائرات قادره على حمل قنابل نوويه وفق المصدر نفسه"
)

func TestBoilerplateKeepTitle(t *testing.T) {
	b := NewBoilerplate(3, 12)
	title := "بوتين يدعو إلى تعزيز العلاقات العسكرية مع بيلاروس"
	raw := title + "\n" + contentA + "\n" + contentB
	lines, keep := keepLines(b, raw, title)
	if want := []bool{false, true, true}; !slices.Equal(keep, want) {
		t.Errorf("Keep = %v, want %v for lines %q", keep, want, lines)
	}

	// Without a title, the same line is content.
	_, keep = keepLines(b, raw, "")
	if want := []bool{true, true, true}; !slices.Equal(keep, want) {
		t.Errorf("Keep with no title = %v, want %v", keep, want)
	}
}

func TestBoilerplateKeepRepeatedInArticle(t *testing.T) {
	b := NewBoilerplate(3, 12)
	raw := strings.Join([]string{
		"لم يفصح عن مضمونها الرئيس البيلاروسي يجري محادثه مطوله مع بوتين",
		contentA,
		"لم يفصح عن مضمونها الرئيس البيلاروسي يجري محادثه مطوله مع بوتين",
		contentB,
		contentA,
	}, "\n")
	lines, keep := keepLines(b, raw, "")
	if want := []bool{true, true, false, true, false}; !slices.Equal(keep, want) {
		t.Errorf("Keep = %v, want %v for lines %q", keep, want, lines)
	}
}

func TestBoilerplateKeepKnownLines(t *testing.T) {
	b := NewBoilerplate(3, 12)
	raw := strings.Join([]string{
		"الأربعاء 24 أبريل 2024",
		"Share",
		contentA,
		"اقرأ أيضا: بوتين يزور مينسك",
		contentB,
		// A known phrase starting a line longer than MaxWords is content.
		"اقرأ أيضا " + contentC,
		"مقالات ذات صلة",
	}, "\n")
	lines, keep := keepLines(b, raw, "")
	// A dateline is content: it dates the story (it is not a known phrase).
	if want := []bool{true, false, true, false, true, true, false}; !slices.Equal(keep, want) {
		t.Errorf("Keep = %v, want %v for lines %q", keep, want, lines)
	}
}

// observeArticles observes n articles that share the line shared (twice)
// and each have a distinct content line longer than 12 words.
func observeArticles(b *Boilerplate, shared string, n int) {
	for i := range n {
		lines, words := prepare(fmt.Sprintf("%s\nالمقال رقم %d عن موضوع مختلف تماما عن غيره من المقالات الاخري في هذا اليوم\n%s", shared, i, shared))
		b.Observe(lines, words)
	}
}

func TestBoilerplateKeepRepeatedAcrossArticles(t *testing.T) {
	const footer = "اخبار العالم سلايد رئيسي"
	tests := []struct {
		name     string
		observed int // articles observed holding the footer
		want     []bool
	}{
		{"below MinRepeat", 2, []bool{true, true, true, true}},
		{"at MinRepeat", 3, []bool{true, false, true, true}},
		{"above MinRepeat", 10, []bool{true, false, true, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBoilerplate(3, 12)
			observeArticles(b, footer, tc.observed)
			raw := strings.Join([]string{contentA, footer, contentB, contentC}, "\n")
			lines, keep := keepLines(b, raw, "")
			if !slices.Equal(keep, tc.want) {
				t.Errorf("after observing %d articles: Keep = %v, want %v for lines %q", tc.observed, keep, tc.want, lines)
			}
		})
	}
}

func TestBoilerplateObserveCountsArticleOnce(t *testing.T) {
	const footer = "اخبار العالم سلايد رئيسي"
	b := NewBoilerplate(2, 12)
	// One article holding the footer three times counts once.
	lines, words := prepare(footer + "\n" + contentA + "\n" + footer + "\n" + footer)
	b.Observe(lines, words)
	if got := b.Lines(); got != 1 {
		t.Errorf("Lines() = %d after one article with one short line, want 1", got)
	}
	raw := strings.Join([]string{contentA, footer, contentB}, "\n")
	_, keep := keepLines(b, raw, "")
	if want := []bool{true, true, true}; !slices.Equal(keep, want) {
		t.Errorf("footer seen in 1 article with MinRepeat 2: Keep = %v, want %v", keep, want)
	}

	// A second article makes two.
	lines, words = prepare(footer + "\n" + contentB)
	b.Observe(lines, words)
	_, keep = keepLines(b, raw, "")
	if want := []bool{true, false, true}; !slices.Equal(keep, want) {
		t.Errorf("footer seen in 2 articles with MinRepeat 2: Keep = %v, want %v", keep, want)
	}
}

func TestBoilerplateKeepLongRepeatedLine(t *testing.T) {
	b := NewBoilerplate(3, 12)
	// A wire paragraph of more than MaxWords words, copied by many outlets.
	wire := contentA + " " + contentB
	observeArticles(b, wire, 20)
	if got := b.Lines(); got != 0 {
		t.Errorf("Lines() = %d after observing only long lines, want 0", got)
	}
	_, keep := keepLines(b, wire+"\n"+contentC, "")
	if want := []bool{true, true}; !slices.Equal(keep, want) {
		t.Errorf("Keep = %v, want %v: a long line is never boilerplate by repetition", keep, want)
	}
}

func TestBoilerplateKeepFallback(t *testing.T) {
	shortLines := []string{
		"روسيا وبيلاروس تعززان التعاون",
		"بوتين في مينسك",
		"لوكاشنكو يستقبل بوتين",
	}
	tests := []struct {
		name string
		raw  string
		want []bool
	}{
		{
			// Only repeated short lines: dropping them would leave nothing.
			name: "only repeated short lines",
			raw:  strings.Join(shortLines, "\n"),
			want: []bool{true, true, true},
		},
		{
			// Fewer than 10 words would be left.
			name: "fewer than 10 words left",
			raw:  strings.Join(append(slices.Clone(shortLines), "بوتين يصل الى مينسك في زياره رسميه"), "\n"),
			want: []bool{true, true, true, true},
		},
		{
			// 10 words left out of 20: at least 10 and at least a
			// quarter, so the repeated lines go.
			name: "enough words left",
			raw:  strings.Join(append(slices.Clone(shortLines), "بوتين يصل الى مينسك في زياره رسميه تستمر يومين كاملين"), "\n"),
			want: []bool{false, false, false, true},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBoilerplate(3, 12)
			for range 5 {
				lines, words := prepare(strings.Join(shortLines, "\n"))
				b.Observe(lines, words)
			}
			lines, keep := keepLines(b, tc.raw, "")
			if !slices.Equal(keep, tc.want) {
				t.Errorf("Keep = %v, want %v for lines %q", keep, tc.want, lines)
			}
		})
	}
}

func TestBoilerplateQuarterRule(t *testing.T) {
	// 10 words of content, 32 words of repeated short lines: content is less
	// than a quarter of what is kept, so the repeated lines stay.
	var short []string
	for i := range 16 {
		short = append(short, fmt.Sprintf("سطر %d", i)) // 2 words each
	}
	b := NewBoilerplate(2, 12)
	for range 2 {
		lines, words := prepare(strings.Join(short, "\n"))
		b.Observe(lines, words)
	}
	content := "بوتين يصل الى مينسك في زياره رسميه تستمر يومين كاملين" // 10 words
	lines, keep := keepLines(b, strings.Join(append(slices.Clone(short), content), "\n"), "")
	for i, k := range keep {
		if !k {
			t.Errorf("line %d %q dropped: content (10 words) is under a quarter of the kept words (42), so repeated lines must stay", i, lines[i])
		}
	}
}

func TestBoilerplateRepetitionDisabled(t *testing.T) {
	const footer = "اخبار العالم سلايد رئيسي"
	for _, minRepeat := range []int{0, 1} {
		b := NewBoilerplate(minRepeat, 12)
		observeArticles(b, footer, 10)
		if got := b.Lines(); got != 0 {
			t.Errorf("MinRepeat %d: Lines() = %d, want 0 (repetition rule off)", minRepeat, got)
		}
		_, keep := keepLines(b, strings.Join([]string{contentA, footer, contentB}, "\n"), "")
		if want := []bool{true, true, true}; !slices.Equal(keep, want) {
			t.Errorf("MinRepeat %d: Keep = %v, want %v", minRepeat, keep, want)
		}
	}
}

func TestBoilerplateSeed(t *testing.T) {
	// Seed article 004 starts with a contact line, a section name, the
	// title, a share prompt and a "published on" stamp.
	raw := strings.Join([]string{
		"اتصل بنا للحصول على مزيد من المعلومات",
		"يلتقي بوتين ولوكاشينكو بعد أن حذرت روسيا من اعتداء على بيلاروسيا",
		"SHARE:",
		"تم النشر",
		"on",
		contentA,
	}, "\n")
	b := NewBoilerplate(3, 12)
	lines, keep := keepLines(b, raw, "يلتقي بوتين ولوكاشينكو بعد أن حذرت روسيا من اعتداء على بيلاروسيا")
	if want := []bool{false, false, false, false, false, true}; !slices.Equal(keep, want) {
		t.Errorf("Keep = %v, want %v for lines %q", keep, want, lines)
	}
}

// knownBoilerplateByStrings is KnownBoilerplate as it was written first,
// on a string of the whole line: the reference the byte version is held
// to.
func knownBoilerplateByStrings(line []byte) bool {
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

// boilerCandidates returns short normalised lines as the ones
// KnownBoilerplate is asked about: every phrase and word it knows, alone,
// followed by one to five words, cut short by a byte, and run into the
// next word; and lines of 1 to 12 words drawn from text.
func boilerCandidates(text string, n int) [][]byte {
	words := strings.Fields(NormalizeString(text))
	rng := rand.New(rand.NewPCG(3, 4))
	var known []string
	known = append(known, boilerPhrases()...)
	known = append(known, "share", "tweet", "related", "الاعلانات", "المصدر", "يتبع", "on", "more")
	var out [][]byte
	for _, k := range known {
		out = append(out, []byte(k), []byte(k[:len(k)-1]), []byte(k+"x"), []byte(k+words[0]))
		for m := 1; m <= 5; m++ {
			out = append(out, []byte(k+" "+strings.Join(words[m:2*m], " ")))
		}
	}
	for len(out) < n {
		m := 1 + rng.IntN(12)
		at := rng.IntN(len(words) - m)
		out = append(out, []byte(strings.Join(words[at:at+m], " ")))
	}
	return out
}

func TestKnownBoilerplateByStrings(t *testing.T) {
	found := 0
	for _, l := range boilerCandidates(contentA+" "+contentB+" "+contentC, 3000) {
		want := knownBoilerplateByStrings(l)
		if got := KnownBoilerplate(l); got != want {
			t.Errorf("KnownBoilerplate(%q) = %v, want %v", l, got, want)
		}
		if want {
			found++
		}
	}
	if found < 200 {
		t.Errorf("only %d of the lines are boilerplate: the test no longer tries the phrases", found)
	}
}

func TestStartsPhrase(t *testing.T) {
	for _, p := range boilerPhrases() {
		first, _, _ := strings.Cut(p, " ")
		if !startsPhrase(first) || len(first) > maxBoilerWord {
			t.Errorf("phrase %q: its first word %q is not one startsPhrase knows", p, first)
		}
	}
}

// TestObserveHashes computes the hashes of many articles' short lines
// at once, concurrently, then observes them one article at a time: the
// counts are those of Observe.
func TestObserveHashes(t *testing.T) {
	footers := []string{"اخبار العالم سلايد رئيسي", "share", "تابعونا على تويتر", "حقوق النشر محفوظه لصحيفه"}
	type article struct {
		lines [][]byte
		words []int
	}
	var articles []article
	for i := range 40 {
		raw := strings.Join([]string{contentA, footers[i%len(footers)], contentB, footers[i%3], contentC}, "\n")
		lines, words := prepare(raw)
		articles = append(articles, article{lines, words})
	}
	for _, minRepeat := range []int{0, 3} {
		want, got := NewBoilerplate(minRepeat, 12), NewBoilerplate(minRepeat, 12)
		hashes := make([][]uint64, len(articles))
		var wg sync.WaitGroup
		for i, a := range articles {
			wg.Go(func() { hashes[i] = got.ShortLineHashes(nil, a.lines, a.words) })
		}
		wg.Wait()
		for i, a := range articles {
			want.Observe(a.lines, a.words)
			if minRepeat < 2 && len(hashes[i]) > 0 {
				t.Errorf("MinRepeat %d: %d hashes, want none", minRepeat, len(hashes[i]))
			}
			got.ObserveHashes(hashes[i])
		}
		if got.Lines() != want.Lines() {
			t.Errorf("MinRepeat %d: Lines() = %d after ObserveHashes, %d after Observe", minRepeat, got.Lines(), want.Lines())
		}
		if minRepeat >= 2 && want.Lines() != len(footers) {
			t.Errorf("MinRepeat %d: Lines() = %d, want %d", minRepeat, want.Lines(), len(footers))
		}
		raw := strings.Join([]string{contentA, footers[0], contentB, contentC}, "\n")
		_, keepWant := keepLines(want, raw, "")
		_, keepGot := keepLines(got, raw, "")
		if !slices.Equal(keepGot, keepWant) {
			t.Errorf("MinRepeat %d: Keep = %v after ObserveHashes, %v after Observe", minRepeat, keepGot, keepWant)
		}
	}
}
