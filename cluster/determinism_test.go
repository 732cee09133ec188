package cluster

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestGroupWorkers(t *testing.T) {
	docs := synthCorpus(1, 800)
	o := opts(docs)
	want, wantSt := group(t, docs, o)
	for _, w := range []int{0, 2, 4, 13} {
		o.Workers = w
		got, st := group(t, docs, o)
		if !reflect.DeepEqual(got, want) {
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("workers %d: %s: %+v, with 1 worker %+v", w, docs[i].ID, got[i], want[i])
					break
				}
			}
		}
		if !reflect.DeepEqual(st, wantSt) {
			t.Errorf("workers %d: stats %+v, with 1 worker %+v", w, st, wantSt)
		}
	}
	// The corpus is not trivial.
	if wantSt.DupGroups < 50 || wantSt.Stories > len(docs)*3/4 || wantSt.Skipped == 0 {
		t.Errorf("corpus too easy: %+v", wantSt)
	}
}

// outcome is what Group says about one article, by id, independent of
// the order of the docs.
type outcome struct {
	Story, DupOf, SimilarTo, Via, Nearest string
	Copies, StorySize                     int
	Similarity, NearestSim                float64
	Reason                                string
}

func outcomes(docs []Doc, as []Assignment) map[string]outcome {
	m := make(map[string]outcome, len(docs))
	for i, a := range as {
		m[docs[i].ID] = outcome{
			Story: idOf(docs, a.Story), DupOf: idOf(docs, a.DupOf), SimilarTo: idOf(docs, a.SimilarTo),
			Via: idOf(docs, a.Via), Nearest: idOf(docs, a.Nearest),
			Copies: a.Copies, StorySize: a.StorySize,
			Similarity: a.Similarity, NearestSim: a.NearestSim, Reason: a.Reason,
		}
	}
	return m
}

// partition returns the sets of ids grouped by key, sorted, for printing.
func partition(m map[string]outcome, key func(outcome) string) [][]string {
	sets := map[string][]string{}
	for id, o := range m {
		sets[key(o)] = append(sets[key(o)], id)
	}
	var out [][]string
	for _, s := range sets {
		slices.Sort(s)
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b []string) int { return slices.Compare(a, b) })
	return out
}

func shuffled(docs []Doc, seed uint64) []Doc {
	out := slices.Clone(docs)
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// compareOrders groups docs in the given order and in shuffled orders and
// reports every article whose outcome differs.
func compareOrders(t *testing.T, docs []Doc, orders int) {
	t.Helper()
	as, st := group(t, docs, opts(docs))
	want := outcomes(docs, as)
	for k := range orders {
		perm := shuffled(docs, uint64(k+1))
		if k == 0 {
			perm = slices.Clone(docs)
			slices.Reverse(perm)
		}
		bs, st2 := group(t, perm, opts(perm))
		got := outcomes(perm, bs)
		bad := 0
		for id, w := range want {
			if g := got[id]; g != w {
				if bad < 5 {
					t.Errorf("order %d: %s: %+v, in the first order %+v", k, id, g, w)
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("order %d: %d of %d articles differ", k, bad, len(docs))
			story := func(o outcome) string { return o.Story }
			if p, q := partition(got, story), partition(want, story); !reflect.DeepEqual(p, q) {
				t.Errorf("order %d: story partitions differ", k)
			}
		}
		if !reflect.DeepEqual(st, st2) {
			t.Errorf("order %d: stats %+v, in the first order %+v", k, st2, st)
		}
	}
}

func TestGroupInputOrder(t *testing.T) {
	compareOrders(t, synthCorpus(2, 600), 4)
}

// A bridge article equally similar to two stories joins one of them: which
// one must not depend on where the articles stand in the input.
func TestGroupInputOrderTie(t *testing.T) {
	docs := bridgeDocs()
	ref, _ := group(t, docs, opts(docs))
	want := storyOf(docs, ref, "B")
	for k := range 8 {
		perm := shuffled(docs, uint64(100+k))
		as, _ := group(t, perm, opts(perm))
		if got := storyOf(perm, as, "B"); !slices.Equal(got, want) {
			t.Errorf("input order %v: B's story is %v; in order %v it is %v",
				idsOf(perm), got, idsOf(docs), want)
		}
	}
}

// storyOf returns the sorted ids of the articles in the story of id.
func storyOf(docs []Doc, as []Assignment, id string) []string {
	s := as[byID(docs)[id]].Story
	var out []string
	for i, a := range as {
		if a.Story == s {
			out = append(out, docs[i].ID)
		}
	}
	slices.Sort(out)
	return out
}

func idsOf(docs []Doc) []string {
	out := make([]string, len(docs))
	for i := range docs {
		out[i] = docs[i].ID
	}
	return out
}

// Copies with identical features: the canonical and the story do not
// depend on the order.
func TestGroupInputOrderIdentical(t *testing.T) {
	text := randomShingles(90, 200)
	ts := terms("one", "two", "three")
	var docs []Doc
	for i := range 5 {
		docs = append(docs, mkDoc(fmt.Sprintf("id%d", 5-i), text, ts))
	}
	compareOrders(t, docs, 5)
	as, _ := group(t, docs, opts(docs))
	c := byID(docs)["id1"]
	for i, a := range as {
		if a.Story != c || (i != c && a.DupOf != c) {
			t.Errorf("%s: story %s DupOf %s; want id1, the smallest id", docs[i].ID, idOf(docs, a.Story), idOf(docs, a.DupOf))
		}
	}
	if want := "tied on date and fullness (200 words); smallest id"; as[c].Reason != want {
		t.Errorf("reason %q, want %q", as[c].Reason, want)
	}
}
