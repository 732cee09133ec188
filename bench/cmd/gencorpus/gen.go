package main

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// config is what the corpus depends on: the same config and source give
// the same corpus, byte for byte.
type config struct {
	n        int           // articles
	seed     uint64        // random seed
	perDay   int           // articles per day (constant density)
	start    time.Time     // first publication time
	derived  float64       // share of derived copies
	window   time.Duration // a copy is published at most this long after its parent
	maxSibJ  float64       // originals from one base: most estimated overlap
	baseFrac [2]float64    // share of a base's sentences an original takes
	reword   float64       // originals: share of base words reworded
}

func defaultConfig() config {
	return config{
		n:        100000,
		seed:     1,
		perDay:   3000,
		start:    time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC),
		derived:  0.4,
		window:   48 * time.Hour,
		maxSibJ:  0.3,
		baseFrac: [2]float64{0.35, 0.6},
		reword:   0.08,
	}
}

// article is one generated article.
type article struct {
	idx       int
	title     string
	header    string   // "" for none
	body      []string // sentences
	footer    string   // "" for none
	published time.Time
	outlet    int
	parent    int // -1 for an original
	depth     int // 0 for an original, parent's depth + 1 for a copy
	edits     string
}

// sibling is what is kept of an original to keep later originals from
// the same base away from it.
type sibling struct {
	mask    uint64 // base sentences taken
	foreign int32  // words from elsewhere
}

// stats sums up a run.
type stats struct {
	originals, derived int
	forced             int // originals accepted although too close to a sibling
	baseTries          int // bases tried for originals
	draws              int // subsets drawn for originals
	maxDepth           int
	depth              [6]int // copies by chain depth 1..5, 6+
	words              int    // body words over all articles
	strengthSum        float64
}

// generator makes articles one after another. A copy's parent is one of
// the articles of the last window, kept in a ring.
type generator struct {
	cfg      config
	src      *source
	rng      *rand.Rand
	outlets  []outlet
	interval time.Duration
	ring     []*article
	siblings [][]sibling // by base
	st       stats
	scratch  []int
}

func newGenerator(cfg config, src *source) *generator {
	interval := 24 * time.Hour / time.Duration(cfg.perDay)
	span := int(cfg.window/interval) + 2
	return &generator{
		cfg:      cfg,
		src:      src,
		rng:      rand.New(rand.NewPCG(cfg.seed, 0x5a3e5709a11e5)),
		outlets:  makeOutlets(),
		interval: interval,
		ring:     make([]*article, span),
		siblings: make([][]sibling, len(src.bases)),
	}
}

// next returns article i; articles must be asked for in order from 0.
func (g *generator) next(i int) *article {
	jitter := time.Duration(g.rng.Float64() * float64(g.interval))
	pub := g.cfg.start.Add(time.Duration(i)*g.interval + jitter).Truncate(time.Second)
	var a *article
	// A copy's delay is u² of the window, u uniform, so that most copies
	// come soon. In the first window, a copy whose delay reaches before
	// the first article is an original instead (drawing again would pile
	// the copies onto the first articles).
	back := i + 1
	if g.rng.Float64() < g.cfg.derived {
		u := g.rng.Float64()
		back = min(1+int(u*u*float64(g.cfg.window)/float64(g.interval)), len(g.ring)-1)
	}
	if back <= i {
		a = g.derive(i, back, pub)
		g.st.derived++
		g.st.depth[min(a.depth, len(g.st.depth))-1]++
		g.st.maxDepth = max(g.st.maxDepth, a.depth)
	} else {
		a = g.original(i, pub)
		g.st.originals++
	}
	for _, s := range a.body {
		g.st.words += countWords(s)
	}
	g.ring[i%len(g.ring)] = a
	return a
}

// original builds an article from a base article: its title and a subset
// of its sentences in order, reworded (cfg.reword of the words), a few
// sentences of other articles mixed in, and a few numbers and names
// substituted. Originals of one base tell the same event but are not
// near-duplicates: the random subsets and the independent rewording keep
// them apart, and as a guard a subset is drawn again while the estimated
// Jaccard similarity with an earlier original of the same base exceeds
// cfg.maxSibJ.
func (g *generator) original(i int, pub time.Time) *article {
	rng := g.rng
	var (
		b       int
		mask    uint64
		foreign []string
		fw      int32
		forced  bool
	)
	nf := 1 + rng.IntN(3)
	foreign = make([]string, nf)
	for k := range foreign {
		foreign[k] = g.src.pool[rng.IntN(len(g.src.pool))]
		fw += int32(countWords(foreign[k]))
	}
search:
	for attempt := 0; ; attempt++ {
		b = rng.IntN(len(g.src.bases))
		g.st.baseTries++
		for range 8 {
			mask = g.subset(&g.src.bases[b])
			g.st.draws++
			if g.fits(b, mask, fw) {
				break search
			}
		}
		if attempt == 30 {
			forced = true
			g.st.forced++
			break
		}
	}
	g.siblings[b] = append(g.siblings[b], sibling{mask, fw})
	bs := &g.src.bases[b]

	body := make([]string, 0, bits.OnesCount64(mask)+nf)
	reworded := 0
	for m := mask; m != 0; m &= m - 1 {
		var n int
		sent := bs.sents[bits.TrailingZeros64(m)]
		sent, n = g.rewordSentence(sent, g.cfg.reword)
		body = append(body, sent)
		reworded += n
	}
	nbase := len(body)
	for _, s := range foreign {
		at := 1 + rng.IntN(len(body))
		body = append(body, "")
		copy(body[at+1:], body[at:])
		body[at] = s
	}
	// Numbers: each replaced with probability 1/2; names: 1 to 3 words of
	// four letters or more become proper names.
	nums, nnames := 0, 1+rng.IntN(3)
	for k, s := range body {
		if hasDigit(s) {
			ws := fields(s)
			for j, w := range ws {
				if hasDigit(w) && rng.IntN(2) == 0 {
					ws[j] = substituteDigits(rng, w)
					nums++
				}
			}
			body[k] = strings.Join(ws, " ")
		}
	}
	for range nnames {
		k := rng.IntN(len(body))
		ws := fields(body[k])
		j := rng.IntN(len(ws))
		if len([]rune(ws[j])) >= 4 && !hasDigit(ws[j]) {
			ws[j] = names[rng.IntN(len(names))]
			body[k] = strings.Join(ws, " ")
		}
	}
	title := bs.title
	if hasDigit(title) {
		ws := fields(title)
		for j, w := range ws {
			if hasDigit(w) && rng.IntN(2) == 0 {
				ws[j] = substituteDigits(rng, w)
			}
		}
		title = strings.Join(ws, " ")
	}
	a := &article{idx: i, title: title, body: body, published: pub, outlet: rng.IntN(len(g.outlets)), parent: -1}
	o := g.outlets[a.outlet]
	if rng.Float64() < 0.25 {
		a.header = header(rng, o, pub.Format("2006-01-02"))
	}
	if rng.Float64() < 0.5 {
		a.footer = footer(rng, o, g.src, pub.Format("2006"))
	}
	a.edits = fmt.Sprintf("original base=%s sentences=%d/%d foreign=%d reworded=%d numbers=%d names=%d", bs.id, nbase, len(bs.sents), nf, reworded, nums, nnames)
	if forced {
		a.edits += " forced"
	}
	return a
}

// subset draws the sentences an original takes from a base: a random
// share in cfg.baseFrac, at least two, the first sentence (the lead) half
// of the time.
func (g *generator) subset(bs *base) uint64 {
	rng := g.rng
	n := len(bs.sents)
	f := g.cfg.baseFrac[0] + (g.cfg.baseFrac[1]-g.cfg.baseFrac[0])*rng.Float64()
	m := max(2, int(math.Round(f*float64(n))))
	g.scratch = g.scratch[:0]
	for k := range n {
		g.scratch = append(g.scratch, k)
	}
	var mask uint64
	for k := range m {
		j := k + rng.IntN(n-k)
		g.scratch[k], g.scratch[j] = g.scratch[j], g.scratch[k]
		mask |= 1 << g.scratch[k]
	}
	return mask
}

// fits reports whether an original of base b taking mask, with fw words
// from elsewhere, stays far enough from the earlier originals of b.
func (g *generator) fits(b int, mask uint64, fw int32) bool {
	bs := &g.src.bases[b]
	words := func(m uint64) int32 {
		var n int32
		for ; m != 0; m &= m - 1 {
			n += bs.words[bits.TrailingZeros64(m)]
		}
		return n
	}
	// A shingle of base text survives both rewordings with probability
	// (1-reword)^6.
	keep := math.Pow(1-g.cfg.reword, 6)
	for _, s := range g.siblings[b] {
		shared := keep * float64(words(mask&s.mask))
		union := float64(words(mask|s.mask)+fw+s.foreign) + (1-keep)*float64(words(mask&s.mask))
		if shared > g.cfg.maxSibJ*union {
			return false
		}
	}
	return true
}

// rewordSentence rewrites a share p of the words of a sentence: a
// synonym where one is known, else a word dropped, a word inserted or a
// word replaced by another. It returns the sentence and the words changed.
func (g *generator) rewordSentence(sent string, p float64) (string, int) {
	rng := g.rng
	ws := fields(sent)
	out := make([]string, 0, len(ws)+4)
	n := 0
	for _, w := range ws {
		if rng.Float64() >= p {
			out = append(out, w)
			continue
		}
		n++
		if syn, ok := synonyms[w]; ok {
			out = append(out, syn[rng.IntN(len(syn))])
			continue
		}
		switch rng.IntN(4) {
		case 0: // dropped
		case 1: // inserted
			out = append(out, g.src.vocab[rng.IntN(len(g.src.vocab))], w)
		default:
			out = append(out, g.src.vocab[rng.IntN(len(g.src.vocab))])
		}
	}
	if len(out) == 0 {
		return sent, 0
	}
	return strings.Join(out, " "), n
}

// cut returns a copy of body shortened by truncation (a leading share of
// the sentences kept) and dropped sentences, as strong as s, and the edits
// made. A copy keeps at least 35% of the words and 40 words (all of a
// shorter body): the draws are made again until it does, four times at
// most, then nothing is cut.
func (g *generator) cut(body []string, s float64) ([]string, []string) {
	rng := g.rng
	total := 0
	for _, sent := range body {
		total += countWords(sent)
	}
	least := max(40, int(math.Ceil(0.35*float64(total))))
	for range 4 {
		var ed []string
		out := body
		if rng.Float64() < 0.35*s && len(out) > 2 {
			frac := 1 - 0.6*s*rng.Float64()
			keep := max(2, int(math.Ceil(frac*float64(len(out)))))
			if keep < len(out) {
				ed = append(ed, fmt.Sprintf("truncate=%d/%d", keep, len(out)))
				out = out[:keep]
			}
		}
		kept := make([]string, 0, len(out))
		dropped := 0
		for _, sent := range out {
			if len(out)-dropped > 1 && rng.Float64() < 0.3*s {
				dropped++
				continue
			}
			kept = append(kept, sent)
		}
		if dropped > 0 {
			ed = append(ed, fmt.Sprintf("drop=%d", dropped))
		}
		words := 0
		for _, sent := range kept {
			words += countWords(sent)
		}
		if words >= least || len(ed) == 0 {
			return kept, ed
		}
	}
	return append([]string(nil), body...), nil
}

// derive builds a copy of the article published back articles before (up
// to cfg.window), by another outlet, with edits of a random strength.
func (g *generator) derive(i, back int, pub time.Time) *article {
	rng := g.rng
	p := g.ring[(i-back)%len(g.ring)]

	// Strength: 0 (verbatim, new boilerplate) for a quarter of the
	// copies, else uniform in (0, 1].
	s := 0.0
	if rng.Float64() >= 0.25 {
		s = 1 - rng.Float64()
	}
	g.st.strengthSum += s
	var ed []string
	body, cut := g.cut(p.body, s)
	ed = append(ed, cut...)
	// Reordered sentences: moved to another place.
	if len(body) > 2 && rng.Float64() < s {
		moves := 1 + rng.IntN(1+int(3*s))
		for range moves {
			from, to := rng.IntN(len(body)), rng.IntN(len(body))
			x := body[from]
			body = append(body[:from], body[from+1:]...)
			body = append(body[:to], append([]string{x}, body[to:]...)...)
		}
		ed = append(ed, fmt.Sprintf("move=%d", moves))
	}
	// Word substitutions and spelling variants.
	psub, pspell := 0.07*s, 0.02+0.2*s
	subs, spells := 0, 0
	for k, sent := range body {
		ws := fields(sent)
		changed := false
		for j, w := range ws {
			x := rng.Float64()
			switch {
			case x < psub:
				if syn, ok := synonyms[w]; ok {
					ws[j] = syn[rng.IntN(len(syn))]
				} else {
					ws[j] = g.src.vocab[rng.IntN(len(g.src.vocab))]
				}
				subs++
				changed = true
			case x < psub+pspell:
				if v := spellingVariant(rng, w); v != w {
					ws[j] = v
					spells++
					changed = true
				}
			}
		}
		if changed {
			body[k] = strings.Join(ws, " ")
		}
	}
	if subs > 0 {
		ed = append(ed, "substitute="+strconv.Itoa(subs))
	}
	if spells > 0 {
		ed = append(ed, "spelling="+strconv.Itoa(spells))
	}
	title := p.title
	if rng.Float64() < 0.5*s {
		prefixes := []string{"عاجل: ", "بالفيديو: ", "بالصور: ", "تقرير: ", ""}
		ws := fields(title)
		j := rng.IntN(len(ws))
		if syn, ok := synonyms[ws[j]]; ok {
			ws[j] = syn[rng.IntN(len(syn))]
		} else {
			ws[j] = spellingVariant(rng, ws[j])
		}
		title = prefixes[rng.IntN(len(prefixes))] + strings.Join(ws, " ")
		ed = append(ed, "title")
	}
	// Another outlet, with its own boilerplate.
	out := rng.IntN(len(g.outlets) - 1)
	if out >= p.outlet {
		out++
	}
	a := &article{idx: i, title: title, body: body, published: pub, outlet: out, parent: p.idx, depth: p.depth + 1}
	o := g.outlets[out]
	if rng.Float64() < 0.6 {
		a.header = header(rng, o, pub.Format("2006-01-02"))
		ed = append(ed, "header")
	}
	if rng.Float64() < 0.7 {
		a.footer = footer(rng, o, g.src, pub.Format("2006"))
		ed = append(ed, "footer")
	}
	a.edits = fmt.Sprintf("strength=%.2f depth=%d delay=%s", s, a.depth, pub.Sub(p.published).Round(time.Minute))
	if len(ed) > 0 {
		a.edits += " " + strings.Join(ed, " ")
	}
	return a
}
