package cluster

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/samestory/samestory/minhash"
)

// sigSize is the signature size the tests use.
const sigSize = 128

// testHasher signs the synthetic shingle sets of the tests.
var testHasher = func() *minhash.Hasher {
	h, err := minhash.New(sigSize, 1)
	if err != nil {
		panic(err)
	}
	return h
}()

// t0 is the base publication time of dated test articles.
var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).Unix()

// hours returns t0 plus h hours, in Unix seconds.
func hours(h float64) int64 { return t0 + int64(h*3600) }

// randomShingles returns n distinct well-mixed shingle hashes drawn from a
// generator with a fixed seed: a text no other seed shares.
func randomShingles(seed uint64, n int) []uint64 {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	seen := make(map[uint64]bool, n)
	out := make([]uint64, 0, n)
	for len(out) < n {
		x := rng.Uint64()
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// mutate returns a copy of sh with frac of its shingles replaced by new
// ones (drawn from seed): an edited copy of the text.
func mutate(sh []uint64, frac float64, seed uint64) []uint64 {
	out := slices.Clone(sh)
	rng := rand.New(rand.NewPCG(seed, 7))
	fresh := randomShingles(seed+1<<40, len(sh))
	k := int(frac * float64(len(sh)))
	for i, p := range rng.Perm(len(sh))[:k] {
		out[p] = fresh[i]
	}
	return out
}

// term returns the hash of a named term.
func term(name string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return h.Sum32()
}

// terms returns named terms, all of weight 1.
func terms(names ...string) []Term {
	ts := make([]Term, len(names))
	for i, n := range names {
		ts[i] = Term{Hash: term(n), Weight: 1}
	}
	return ts
}

// seq returns names prefix1 .. prefixN.
func seq(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + string(rune('0'+i/10)) + string(rune('0'+i%10))
	}
	return out
}

// mkDoc returns the features of an article with the given shingles and
// terms; Words is the number of shingles unless set later.
func mkDoc(id string, sh []uint64, ts []Term) Doc {
	return Doc{
		ID:       id,
		Words:    len(sh),
		Sig:      testHasher.Sign(nil, sh),
		Shingles: len(sh),
		Sample:   minhash.NewSample(nil, sh, sigSize),
		Terms:    ts,
	}
}

// dated returns d published at Unix time t.
func dated(d Doc, t int64) Doc {
	d.Time, d.Dated = t, true
	return d
}

// opts returns the default options with document frequencies counted over
// docs.
func opts(docs []Doc) Options {
	o := DefaultOptions(sigSize)
	df := make(map[uint32]int32)
	o.DF = func(t uint32) int { return int(df[t]) }
	for i := range docs {
		if docs[i].Skip != "" || len(docs[i].Terms) == 0 {
			continue
		}
		o.N++
		seen := map[uint32]bool{}
		for _, t := range docs[i].Terms {
			if !seen[t.Hash] {
				seen[t.Hash] = true
				df[t.Hash]++
			}
		}
	}
	return o
}

// group runs Group and fails the test on error.
func group(t testing.TB, docs []Doc, o Options) ([]Assignment, Stats) {
	t.Helper()
	as, st, err := Group(docs, o)
	if err != nil {
		t.Fatalf("Group: %v", err)
	}
	if len(as) != len(docs) {
		t.Fatalf("Group returned %d assignments for %d docs", len(as), len(docs))
	}
	checkInvariants(t, docs, as)
	return as, st
}

// checkInvariants checks what must hold for every result of Group: stories
// are named by a member that is their own canonical, a near-duplicate
// group lies inside one story, its canonical is its most preferred member
// and counts its copies, and story sizes add up.
func checkInvariants(t testing.TB, docs []Doc, as []Assignment) {
	t.Helper()
	size := map[int]int{}
	copies := map[int]int{}
	for i, a := range as {
		size[a.Story]++
		if a.Story < 0 || a.Story >= len(as) || as[a.Story].Story != a.Story {
			t.Errorf("%s: story %d is not its own story's canonical", docs[i].ID, a.Story)
			continue
		}
		if a.DupOf >= 0 {
			copies[a.DupOf]++
			if as[a.DupOf].Story != a.Story {
				t.Errorf("%s: duplicate of %s, which is in another story", docs[i].ID, docs[a.DupOf].ID)
			}
			if as[a.DupOf].DupOf != -1 {
				t.Errorf("%s: duplicate of %s, which is itself a duplicate", docs[i].ID, docs[a.DupOf].ID)
			}
			if a.Reason != "" {
				t.Errorf("%s: a copy has reason %q", docs[i].ID, a.Reason)
			}
			if a.SimilarTo != a.DupOf {
				t.Errorf("%s: SimilarTo %d, DupOf %d", docs[i].ID, a.SimilarTo, a.DupOf)
			}
		}
		if a.Story == i {
			if a.DupOf != -1 {
				t.Errorf("%s: story canonical is a duplicate of %d", docs[i].ID, a.DupOf)
			}
			if a.Reason == "" {
				t.Errorf("%s: story canonical without a reason", docs[i].ID)
			}
			if a.Similarity != 1 || a.SimilarTo != i {
				t.Errorf("%s: story canonical has similarity %v to %d", docs[i].ID, a.Similarity, a.SimilarTo)
			}
		}
	}
	for i, a := range as {
		if a.StorySize != size[a.Story] {
			t.Errorf("%s: StorySize %d, story has %d articles", docs[i].ID, a.StorySize, size[a.Story])
		}
		if a.Copies != copies[i] {
			t.Errorf("%s: Copies %d, %d articles name it as DupOf", docs[i].ID, a.Copies, copies[i])
		}
		if a.Copies > 0 && a.Reason == "" {
			t.Errorf("%s: group canonical without a reason", docs[i].ID)
		}
	}
}

// byID maps ids to doc numbers.
func byID(docs []Doc) map[string]int {
	m := make(map[string]int, len(docs))
	for i := range docs {
		m[docs[i].ID] = i
	}
	return m
}

// idOf returns the id of doc i, or "-" for -1.
func idOf(docs []Doc, i int) string {
	if i < 0 {
		return "-"
	}
	return docs[i].ID
}
