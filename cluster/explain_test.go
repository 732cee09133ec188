package cluster

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestExplainConsistentWithGroup(t *testing.T) {
	docs := synthCorpus(3, 400)
	o := opts(docs)
	as, _ := group(t, docs, o)
	center := func(i int) int {
		if as[i].DupOf >= 0 {
			return as[i].DupOf
		}
		return i
	}
	// Every article with the article it is compared to, its nearest, and
	// a random other; then the pairs inside each story.
	rng := rand.New(rand.NewPCG(3, 4))
	var pairs [][2]int
	for i, a := range as {
		if a.SimilarTo >= 0 && a.SimilarTo != i {
			pairs = append(pairs, [2]int{i, a.SimilarTo})
		}
		if a.Nearest >= 0 {
			pairs = append(pairs, [2]int{a.Nearest, i})
		}
		if j := rng.IntN(len(docs)); j != i {
			pairs = append(pairs, [2]int{i, j})
		}
	}
	for i := range as {
		for j := i + 1; j < len(as); j++ {
			if as[i].Story == as[j].Story {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	ev, err := Explain(docs, o, pairs)
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) != len(pairs) {
		t.Fatalf("%d evidence for %d pairs", len(ev), len(pairs))
	}
	var copies, sameStory, undated int
	for k, e := range ev {
		a, b := pairs[k][0], pairs[k][1]
		da, db := &docs[a], &docs[b]
		if e.A != a || e.B != b {
			t.Fatalf("evidence %d is for %d, %d; asked %d, %d", k, e.A, e.B, a, b)
		}
		if e.SameStory != (as[a].Story == as[b].Story) {
			t.Errorf("%s, %s: SameStory %v, Group's stories %d, %d", da.ID, db.ID, e.SameStory, as[a].Story, as[b].Story)
		}
		if e.SameGroup != (center(a) == center(b)) {
			t.Errorf("%s, %s: SameGroup %v, Group's groups %d, %d", da.ID, db.ID, e.SameGroup, center(a), center(b))
		}
		if e.SameGroup && !e.SameStory {
			t.Errorf("%s, %s: same group, different stories", da.ID, db.ID)
		}
		if e.Copy && e.SameStory && !e.SameGroup {
			t.Errorf("%s, %s: copies in one story, not in one group", da.ID, db.ID)
		}
		if da.Dated && db.Dated {
			if want := math.Abs(float64(da.Time-db.Time)) / 3600; e.Hours != want {
				t.Errorf("%s, %s: hours %v, want %v", da.ID, db.ID, e.Hours, want)
			}
		} else {
			undated++
			if !math.IsNaN(e.Hours) {
				t.Errorf("%s, %s: hours %v with an undated article, want NaN", da.ID, db.ID, e.Hours)
			}
		}
		if e.Story < 0 || e.Story > 1+1e-6 || e.Resemblance < 0 || e.Resemblance > 1 ||
			e.Containment < 0 || e.Containment > 1+1e-6 {
			t.Errorf("%s, %s: evidence out of range: %+v", da.ID, db.ID, e)
		}
		// What Group reported about the pair.
		if as[a].SimilarTo == b && a != b {
			switch {
			case as[a].DupOf == b:
				copies++
				if e.Resemblance != as[a].Resemblance || e.Containment != as[a].Containment {
					t.Errorf("%s copy of %s: evidence %v/%v, Group %v/%v", da.ID, db.ID,
						e.Resemblance, e.Containment, as[a].Resemblance, as[a].Containment)
				}
				if as[a].Via < 0 && !e.Copy {
					t.Errorf("%s: a direct copy of %s, but Explain says not a copy", da.ID, db.ID)
				}
			default:
				sameStory++
				if e.Story != as[a].Similarity {
					t.Errorf("%s, story canonical %s: evidence %v, Group %v", da.ID, db.ID, e.Story, as[a].Similarity)
				}
			}
		}
		if as[b].Nearest == a && math.Abs(e.Story-as[b].NearestSim) > 1e-6 {
			t.Errorf("%s nearest to %s: evidence %v, Group %v", da.ID, db.ID, e.Story, as[b].NearestSim)
		}
	}
	if copies < 20 || sameStory < 20 || undated == 0 {
		t.Errorf("too few cases checked: %d copies, %d story pairs, %d undated", copies, sameStory, undated)
	}
}

func TestExplainSmall(t *testing.T) {
	docs := pairDocs(math.NaN())
	docs = append(docs, dated(mkDoc("r", randomShingles(72, 100), terms("zz")), hours(0)))
	docs[0] = dated(docs[0], hours(10))
	ev, err := Explain(docs, opts(docs), [][2]int{{0, 1}, {0, 2}, {2, 0}})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(ev[0].Hours) || !ev[0].SameStory || ev[0].SameGroup || ev[0].Copy {
		t.Errorf("p, q: %+v; want NaN hours, same story, not copies", ev[0])
	}
	if ev[1].Hours != 10 || ev[2].Hours != 10 || ev[1].SameStory || ev[1].Story != 0 {
		t.Errorf("p, r: %+v; want 10 hours, separate, no similarity", ev[1])
	}
	if ev[1].Resemblance != ev[2].Resemblance || ev[1].Containment != ev[2].Containment {
		t.Errorf("evidence not symmetric: %+v, %+v", ev[1], ev[2])
	}
	if ev, err := Explain(docs, opts(docs), nil); err != nil || len(ev) != 0 {
		t.Errorf("no pairs: %v, %v", ev, err)
	}
}
