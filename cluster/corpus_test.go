package cluster

import (
	"fmt"
	"math/rand/v2"
)

// synthCorpus returns n synthetic articles: about half of them in
// near-duplicate families (edited copies, shortened versions), the rest
// separate reports; articles are spread over stories that share a
// vocabulary, published within two days of their story's start over a
// month. Some articles are undated, a few skipped. The same seed gives the
// same corpus.
func synthCorpus(seed uint64, n int) []Doc {
	rng := rand.New(rand.NewPCG(seed, 99))
	nStories := max(1, n/8)
	type story struct {
		terms []uint32
		start float64 // hours after t0
	}
	stories := make([]story, nStories)
	for s := range stories {
		st := &stories[s]
		for j := range 10 {
			st.terms = append(st.terms, term(fmt.Sprintf("s%d-%d", s, j)))
		}
		st.start = rng.Float64() * 30 * 24
	}
	background := func() Term {
		return Term{Hash: term(fmt.Sprintf("bg%d", rng.IntN(3000))), Weight: 0.5 + rng.Float32()}
	}
	articleTerms := func(s int) []Term {
		var ts []Term
		for _, j := range rng.Perm(10)[:6] {
			ts = append(ts, Term{Hash: stories[s].terms[j], Weight: 1 + 2*rng.Float32()})
		}
		for range 8 {
			ts = append(ts, background())
		}
		return ts
	}
	article := func(id string, s int, sh []uint64, ts []Term) Doc {
		d := mkDoc(id, sh, ts)
		d.Words = len(sh)/2 + rng.IntN(50)
		d.Rest = 2 + 6*rng.Float32()
		if rng.IntN(10) > 0 {
			d = dated(d, hours(stories[s].start+48*rng.Float64()))
		}
		return d
	}
	var docs []Doc
	id := func() string { return fmt.Sprintf("d%05d", len(docs)) }
	for len(docs) < n/2 {
		// A family: a wire text and edited or shortened copies of it.
		s := rng.IntN(nStories)
		text := randomShingles(rng.Uint64(), 150+rng.IntN(200))
		ts := articleTerms(s)
		size := 2 + rng.IntN(5)
		for k := 0; k < size && len(docs) < n/2; k++ {
			sh := text
			switch rng.IntN(3) {
			case 1:
				sh = mutate(text, 0.05+0.15*rng.Float64(), rng.Uint64())
			case 2:
				lo := rng.IntN(len(text) / 2)
				sh = text[lo : lo+len(text)/3]
			}
			docs = append(docs, article(id(), s, sh, ts))
		}
	}
	for len(docs) < n {
		s := rng.IntN(nStories)
		d := article(id(), s, randomShingles(rng.Uint64(), 100+rng.IntN(300)), articleTerms(s))
		if rng.IntN(50) == 0 {
			d.Skip = "no text"
		}
		docs = append(docs, d)
	}
	// Interleave families and stories.
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return docs
}
