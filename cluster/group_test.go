package cluster

import (
	"math"
	"strings"
	"testing"
	"time"
)

// Two identical texts and an unrelated one: the pair is one near-duplicate
// group inside one story; the other article is a story of its own.
func TestGroupIdenticalPair(t *testing.T) {
	text := randomShingles(1, 300)
	docs := []Doc{
		dated(mkDoc("copy", text, terms("mayor", "budget", "school", "vote")), hours(2)),
		dated(mkDoc("other", randomShingles(2, 250), terms("storm", "coast", "power", "flood")), hours(1)),
		dated(mkDoc("orig", text, terms("mayor", "budget", "school", "vote")), hours(0)),
	}
	as, st := group(t, docs, opts(docs))
	cp, other, orig := as[0], as[1], as[2]

	if cp.DupOf != 2 {
		t.Errorf("copy: DupOf = %s, want orig", idOf(docs, cp.DupOf))
	}
	if cp.Story != 2 || orig.Story != 2 {
		t.Errorf("stories: copy %s, orig %s; want orig for both", idOf(docs, cp.Story), idOf(docs, orig.Story))
	}
	if cp.Resemblance != 1 || cp.Similarity != 1 || cp.Via != -1 || cp.SimilarTo != 2 {
		t.Errorf("copy: resemblance %v similarity %v via %d similar to %d; want 1, 1, -1, 2",
			cp.Resemblance, cp.Similarity, cp.Via, cp.SimilarTo)
	}
	if orig.DupOf != -1 || orig.Copies != 1 || orig.StorySize != 2 {
		t.Errorf("orig: DupOf %d Copies %d StorySize %d; want -1, 1, 2", orig.DupOf, orig.Copies, orig.StorySize)
	}
	if !strings.HasPrefix(orig.Reason, "earliest published: 2024-03-01T12:00:00Z") {
		t.Errorf("orig: reason %q", orig.Reason)
	}
	if other.Story != 1 || other.DupOf != -1 || other.Copies != 0 || other.StorySize != 1 {
		t.Errorf("other: %+v; want its own story with no copies", other)
	}
	if other.Reason != "only article in its story" {
		t.Errorf("other: reason %q", other.Reason)
	}
	if other.Nearest != -1 {
		t.Errorf("other: nearest %s, want none", idOf(docs, other.Nearest))
	}
	if cp.Nearest != 2 || orig.Nearest != 0 {
		t.Errorf("nearest: copy %d, orig %d; want each other", cp.Nearest, orig.Nearest)
	}
	want := Stats{Docs: 3, DupEdges: 1, DupGroups: 1, Stories: 2, StoryEdges: 1}
	if st.Docs != want.Docs || st.Skipped != 0 || st.DupEdges != want.DupEdges ||
		st.DupGroups != want.DupGroups || st.Stories != want.Stories || st.StoryEdges != want.StoryEdges {
		t.Errorf("stats %+v; want %+v", st, want)
	}
	if st.DupCandidates < 1 {
		t.Errorf("stats: %d candidates, want at least the copy pair", st.DupCandidates)
	}
}

// containmentDocs returns a long text and a short one made of a quarter
// of its shingles, with unrelated vocabularies so that only copying can
// link them.
func containmentDocs(gap float64) []Doc {
	long := randomShingles(10, 400)
	short := long[100:200]
	return []Doc{
		dated(mkDoc("long", long, terms("alpha", "beta", "gamma")), hours(0)),
		dated(mkDoc("short", short, terms("delta", "epsilon", "zeta")), hours(gap)),
	}
}

func TestGroupContainment(t *testing.T) {
	t.Run("within window", func(t *testing.T) {
		docs := containmentDocs(5)
		o := opts(docs)
		as, _ := group(t, docs, o)
		if as[1].DupOf != 0 || as[0].Copies != 1 || as[1].Story != 0 {
			t.Fatalf("short: DupOf %s, story %s; long copies %d; want a copy of long in its story",
				idOf(docs, as[1].DupOf), idOf(docs, as[1].Story), as[0].Copies)
		}
		a := as[1]
		if a.Resemblance >= o.Resemblance {
			t.Errorf("resemblance %v: the test meant a copy by containment only", a.Resemblance)
		}
		if a.Containment < 0.8 || a.Similarity != a.Containment {
			t.Errorf("containment %v, similarity %v; want ≥ 0.8 and equal", a.Containment, a.Similarity)
		}
		if !strings.HasPrefix(as[0].Reason, "earliest published") {
			t.Errorf("long: reason %q", as[0].Reason)
		}
	})
	t.Run("outside window", func(t *testing.T) {
		docs := containmentDocs(240)
		as, _ := group(t, docs, opts(docs))
		if as[1].DupOf != -1 || as[0].Copies != 0 || as[0].Story == as[1].Story {
			t.Errorf("10 days apart: short DupOf %s story %s, long story %s; want not copies, separate stories",
				idOf(docs, as[1].DupOf), idOf(docs, as[1].Story), idOf(docs, as[0].Story))
		}
		ev, err := Explain(docs, opts(docs), [][2]int{{0, 1}})
		if err != nil {
			t.Fatal(err)
		}
		if ev[0].Copy || ev[0].Containment < 0.8 || ev[0].Hours != 240 {
			t.Errorf("evidence %+v; want high containment, no copy, 240 hours", ev[0])
		}
	})
	t.Run("undated", func(t *testing.T) {
		docs := containmentDocs(240)
		for i := range docs {
			docs[i].Dated, docs[i].Time = false, 0
		}
		as, _ := group(t, docs, opts(docs))
		if as[1].DupOf != 0 {
			t.Errorf("undated: short DupOf %s, want long", idOf(docs, as[1].DupOf))
		}
	})
	t.Run("resemblance ignores dates", func(t *testing.T) {
		base := randomShingles(20, 400)
		docs := []Doc{
			dated(mkDoc("reprint", mutate(base, 0.1, 21), terms("delta", "epsilon")), hours(240)),
			dated(mkDoc("first", base, terms("alpha", "beta")), hours(0)),
		}
		o := opts(docs)
		as, _ := group(t, docs, o)
		if as[0].Resemblance < o.Resemblance {
			t.Fatalf("resemblance %v: the test meant a copy by resemblance", as[0].Resemblance)
		}
		if as[0].DupOf != 1 || as[1].Copies != 1 || as[0].Story != 1 {
			t.Errorf("reprint 10 days later: DupOf %s, story %s; want first for both",
				idOf(docs, as[0].DupOf), idOf(docs, as[0].Story))
		}
	})
	t.Run("too few shared", func(t *testing.T) {
		// Two sampled shingles in common out of two: containment 1, but
		// below MinShared.
		long := randomShingles(30, 100)
		docs := []Doc{
			mkDoc("long", long, nil),
			mkDoc("short", []uint64{long[3], long[50]}, nil),
		}
		as, _ := group(t, docs, opts(docs))
		if as[1].DupOf != -1 {
			t.Errorf("two shared shingles made a copy")
		}
	})
}

// copyTrio returns three copies of one text with the given dates (nil:
// undated) and word counts.
func copyTrio(times []float64, words []int, ids ...string) []Doc {
	text := randomShingles(40, 300)
	docs := make([]Doc, 3)
	for i := range docs {
		docs[i] = mkDoc(ids[i], mutate(text, 0.05*float64(i), uint64(41+i)), terms("court", "ruling", "appeal"))
		docs[i].Words = words[i]
		if times != nil {
			docs[i] = dated(docs[i], hours(times[i]))
		}
	}
	return docs
}

func TestCanonicalPolicies(t *testing.T) {
	for _, tc := range []struct {
		name   string
		times  []float64
		words  []int
		ids    []string
		policy Policy
		want   string // canonical id
		reason string // reason prefix
	}{
		{"auto dated", []float64{3, 1, 2}, []int{500, 300, 900}, []string{"a", "b", "c"}, Auto,
			"b", "earliest published: 2024-03-01T13:00:00Z"},
		{"earliest dated", []float64{3, 1, 2}, []int{500, 300, 900}, []string{"a", "b", "c"}, Earliest,
			"b", "earliest published: 2024-03-01T13:00:00Z"},
		{"fullest dated", []float64{3, 1, 2}, []int{500, 300, 900}, []string{"a", "b", "c"}, Fullest,
			"c", "fullest text: 900 words"},
		{"auto undated", nil, []int{500, 300, 900}, []string{"a", "b", "c"}, Auto,
			"c", "fullest text: 900 words (no article has a date)"},
		{"earliest undated", nil, []int{500, 300, 900}, []string{"a", "b", "c"}, Earliest,
			"c", "fullest text: 900 words (no article has a date)"},
		{"auto same time, fuller", []float64{1, 1, 1}, []int{500, 300, 900}, []string{"a", "b", "c"}, Auto,
			"c", "earliest published: 2024-03-01T13:00:00Z, tied; fullest text: 900 words"},
		{"fullest same words, earlier", []float64{3, 1, 2}, []int{500, 500, 500}, []string{"a", "b", "c"}, Fullest,
			"b", "fullest text: 500 words, tied; earliest published: 2024-03-01T13:00:00Z"},
		// One dated article among undated fuller ones (see below).
		{"auto dated beats undated", nil, []int{900, 100, 800}, []string{"a", "b", "c"}, Auto,
			"b", "earliest published: 2024-03-01T17:00:00Z"},
		{"tie by id", []float64{1, 1, 1}, []int{500, 500, 500}, []string{"m", "k", "z"}, Auto,
			"k", "tied on date and fullness (500 words); smallest id"},
		{"tie by id undated", nil, []int{500, 500, 500}, []string{"m", "z", "k"}, Fullest,
			"k", "tied on date and fullness (500 words); smallest id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs := copyTrio(tc.times, tc.words, tc.ids...)
			if tc.name == "auto dated beats undated" {
				docs[1] = dated(docs[1], hours(5))
			}
			o := opts(docs)
			o.Policy = tc.policy
			as, _ := group(t, docs, o)
			c := byID(docs)[tc.want]
			for i, a := range as {
				if a.Story != c {
					t.Errorf("%s: story %s, want %s", docs[i].ID, idOf(docs, a.Story), tc.want)
				}
				if i != c && a.DupOf != c {
					t.Errorf("%s: DupOf %s, want %s", docs[i].ID, idOf(docs, a.DupOf), tc.want)
				}
			}
			if as[c].Copies != 2 {
				t.Errorf("canonical has %d copies, want 2", as[c].Copies)
			}
			if !strings.HasPrefix(as[c].Reason, tc.reason) || len(tc.reason) == 0 {
				t.Errorf("reason %q, want %q", as[c].Reason, tc.reason)
			}
		})
	}
}

// A near-duplicate group inside a larger story whose canonical is another
// article: the group canonical says why it represents its copies.
func TestGroupCanonicalInsideStory(t *testing.T) {
	shared := seq("quake", 6)
	text := randomShingles(50, 300)
	docs := []Doc{
		dated(mkDoc("first", randomShingles(51, 300), terms(shared...)), hours(0)),
		dated(mkDoc("wire", text, terms(shared...)), hours(2)),
		dated(mkDoc("wire-copy", text, terms(shared...)), hours(3)),
	}
	as, _ := group(t, docs, opts(docs))
	for i, a := range as {
		if a.Story != 0 {
			t.Errorf("%s: story %s, want first", docs[i].ID, idOf(docs, a.Story))
		}
	}
	if as[2].DupOf != 1 || as[1].DupOf != -1 || as[0].Copies != 0 || as[1].Copies != 1 {
		t.Errorf("DupOf %d %d %d, Copies %d %d %d", as[0].DupOf, as[1].DupOf, as[2].DupOf, as[0].Copies, as[1].Copies, as[2].Copies)
	}
	if want := "canonical of its copies: earliest published: 2024-03-01T14:00:00Z"; as[1].Reason != want {
		t.Errorf("wire: reason %q, want %q", as[1].Reason, want)
	}
	// The wire text is not a copy of first: its similarity is to the
	// story canonical, at the story level.
	if as[1].SimilarTo != 0 || math.Abs(as[1].Similarity-1) > 1e-6 {
		t.Errorf("wire: similarity %v to %d, want 1 to first", as[1].Similarity, as[1].SimilarTo)
	}
}

// A chain of copies: c copies b, b copies a, c does not copy a.
func TestGroupCopyChainVia(t *testing.T) {
	// Windows of 400 shingles 80 apart: J(a,b) = J(b,c) = 320/480 ≈ 0.67,
	// J(a,c) = 240/560 ≈ 0.43. Copies by resemblance only, at 0.55.
	base := randomShingles(60, 560)
	a := base[0:400]
	b := base[80:480]
	c := base[160:560]
	docs := []Doc{
		mkDoc("a", a, nil),
		mkDoc("b", b, nil),
		mkDoc("c", c, nil),
	}
	docs[0].Words, docs[1].Words, docs[2].Words = 300, 200, 100
	o := opts(docs)
	o.Containment = 1 // copies by resemblance only
	o.Resemblance = 0.55
	ev, err := Explain(docs, o, [][2]int{{0, 1}, {1, 2}, {0, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if !ev[0].Copy || !ev[1].Copy || ev[2].Copy {
		t.Fatalf("setup: copies a-b %v (%.2f), b-c %v (%.2f), a-c %v (%.2f); want true, true, false",
			ev[0].Copy, ev[0].Resemblance, ev[1].Copy, ev[1].Resemblance, ev[2].Copy, ev[2].Resemblance)
	}
	as, st := group(t, docs, o)
	if as[1].DupOf != 0 || as[2].DupOf != 0 || as[0].Copies != 2 {
		t.Fatalf("DupOf b %s c %s; want a", idOf(docs, as[1].DupOf), idOf(docs, as[2].DupOf))
	}
	if as[1].Via != -1 || as[2].Via != 1 {
		t.Errorf("via: b %d, c %d; want -1, 1", as[1].Via, as[2].Via)
	}
	if as[2].Resemblance != ev[2].Resemblance {
		t.Errorf("c: resemblance %v, want the resemblance with a %v", as[2].Resemblance, ev[2].Resemblance)
	}
	if st.DupGroups != 1 || st.DupEdges != 2 {
		t.Errorf("stats: %d groups %d edges, want 1, 2", st.DupGroups, st.DupEdges)
	}
}

// bridgeDocs returns stories A and C of three articles each and a bridge
// article holding the words of both.
func bridgeDocs() []Doc {
	a, c := seq("a", 5), seq("c", 5)
	var docs []Doc
	for i := range 3 {
		docs = append(docs, mkDoc("A"+string(rune('1'+i)), randomShingles(uint64(100+i), 200), terms(a...)))
		docs = append(docs, mkDoc("C"+string(rune('1'+i)), randomShingles(uint64(200+i), 200), terms(c...)))
	}
	docs = append(docs, mkDoc("B", randomShingles(300, 200), terms(append(a, c...)...)))
	return docs
}

func TestStoryAntiChaining(t *testing.T) {
	docs := bridgeDocs()
	ix := byID(docs)
	as, st := group(t, docs, opts(docs))
	sA, sC, sB := as[ix["A1"]].Story, as[ix["C1"]].Story, as[ix["B"]].Story
	for _, id := range []string{"A2", "A3"} {
		if as[ix[id]].Story != sA {
			t.Errorf("%s not with A1", id)
		}
	}
	for _, id := range []string{"C2", "C3"} {
		if as[ix[id]].Story != sC {
			t.Errorf("%s not with C1", id)
		}
	}
	if sA == sC {
		t.Fatalf("the bridge article chained stories A and C together")
	}
	if sB != sA && sB != sC {
		t.Errorf("B alone; with average similarity ≈ 0.71 to either it should join one")
	}
	if st.Stories != 2 {
		t.Errorf("%d stories, want 2", st.Stories)
	}
	for i, a := range as {
		if a.DupOf != -1 || a.Copies != 0 {
			t.Errorf("%s: no copies expected, DupOf %d Copies %d", docs[i].ID, a.DupOf, a.Copies)
		}
	}
}

// pairDocs returns two articles with identical terms, different texts,
// the second published gap hours after the first (both undated when gap
// is NaN).
func pairDocs(gap float64) []Doc {
	ts := []Term{{term("x1"), 2}, {term("x2"), 1.5}, {term("x3"), 1}, {term("x4"), 0.5}}
	docs := []Doc{
		mkDoc("p", randomShingles(70, 200), ts),
		mkDoc("q", randomShingles(71, 200), ts),
	}
	docs[0].Rest, docs[1].Rest = 3, 5
	if !math.IsNaN(gap) {
		docs[0] = dated(docs[0], hours(0))
		docs[1] = dated(docs[1], hours(gap))
	}
	return docs
}

func TestStoryTimeWindow(t *testing.T) {
	for _, tc := range []struct {
		gap   float64
		scale time.Duration
		same  bool
	}{
		{240, 24 * time.Hour, false},
		{1, 24 * time.Hour, true},
		{math.NaN(), 24 * time.Hour, true},
		// Without fading, the window alone decides.
		{240, 0, false},
		{71, 0, true},
		{72, 0, true},
		{73, 0, false},
	} {
		docs := pairDocs(tc.gap)
		o := opts(docs)
		o.TimeScale = tc.scale
		as, _ := group(t, docs, o)
		if same := as[0].Story == as[1].Story; same != tc.same {
			t.Errorf("%v hours apart, time scale %v: same story %v, want %v", tc.gap, tc.scale, same, tc.same)
		}
		ev, err := Explain(docs, o, [][2]int{{0, 1}})
		if err != nil {
			t.Fatal(err)
		}
		if !tc.same && ev[0].Story != 0 {
			t.Errorf("%v hours apart: story similarity %v outside the window, want 0", tc.gap, ev[0].Story)
		}
	}
	// No window: 10 days apart the similarity is faded by e^-9, below
	// the threshold, but not 0.
	docs := pairDocs(240)
	o := opts(docs)
	o.Window = 0
	ev, _ := Explain(docs, o, [][2]int{{0, 1}})
	undated, _ := Explain(pairDocs(math.NaN()), o, [][2]int{{0, 1}})
	if want := undated[0].Story * math.Exp(-(240.0-24)/24); math.Abs(ev[0].Story-want) > 1e-9 || want == 0 {
		t.Errorf("no window, 240 hours: similarity %v, want %v", ev[0].Story, want)
	}
	if ev[0].SameStory {
		t.Errorf("no window, 240 hours: same story")
	}
}

func TestStoryTimeFading(t *testing.T) {
	sim := func(gap float64, mod func(*Options)) float64 {
		t.Helper()
		docs := pairDocs(gap)
		o := opts(docs)
		if mod != nil {
			mod(&o)
		}
		ev, err := Explain(docs, o, [][2]int{{0, 1}})
		if err != nil {
			t.Fatal(err)
		}
		return ev[0].Story
	}
	undated := sim(math.NaN(), nil)
	// By hand: weights (2, 1.5, 1, 0.5) times idf(2 of 2) =
	// ln(3/2.5)+ln(6); squared sum 7.5·idf²; norms add Rest·UnsharedWeight.
	idf := IDF(2, 2)
	ss := 7.5 * idf * idf
	u := DefaultOptions(sigSize).UnsharedWeight
	want := ss / math.Sqrt((ss+3*u)*(ss+5*u))
	if math.Abs(undated-want) > 1e-6 {
		t.Errorf("undated cosine %v, want %v", undated, want)
	}
	if s := sim(1, nil); s != undated {
		t.Errorf("1 hour apart: %v, want the undated %v", s, undated)
	}
	if s := sim(24, nil); s != undated {
		t.Errorf("24 hours apart: %v, want the undated %v", s, undated)
	}
	if s, want := sim(48, nil), undated*math.Exp(-(48.0-24)/24); math.Abs(s-want) > 1e-12 {
		t.Errorf("48 hours apart: %v, want %v", s, want)
	}
	if s := sim(48, func(o *Options) { o.TimeScale = 0 }); s != undated {
		t.Errorf("no fading, 48 hours apart: %v, want %v", s, undated)
	}
	if s, want := sim(60, func(o *Options) { o.TimeScale = 12 * time.Hour }), undated*math.Exp(-(60.0-12)/12); math.Abs(s-want) > 1e-12 {
		t.Errorf("scale 12h, 60 hours apart: %v, want %v", s, want)
	}
}

func TestGroupSkip(t *testing.T) {
	text := randomShingles(80, 300)
	ts := terms("fire", "factory", "workers")
	docs := []Doc{
		mkDoc("a", text, ts),
		mkDoc("b", text, ts),
		{ID: "empty", Skip: "no text"},
		// Features like a's, but skipped: still not grouped.
		mkDoc("skipped", text, ts),
	}
	docs[3].Skip = "not an article"
	docs[3].Words = 10000
	as, st := group(t, docs, opts(docs))
	for _, i := range []int{2, 3} {
		a := as[i]
		if a.Story != i || a.StorySize != 1 || a.DupOf != -1 || a.Copies != 0 {
			t.Errorf("%s: %+v; want a story of its own", docs[i].ID, a)
		}
		if a.Reason != "only article in its story" {
			t.Errorf("%s: reason %q", docs[i].ID, a.Reason)
		}
		if a.Nearest != -1 {
			t.Errorf("%s: nearest %d", docs[i].ID, a.Nearest)
		}
	}
	if as[1].DupOf != 0 || as[0].Story != 0 || as[1].Story != 0 {
		t.Errorf("a and b: %+v %+v; want b a copy of a", as[0], as[1])
	}
	if as[0].Nearest == 3 || as[1].Nearest == 3 {
		t.Errorf("the skipped article is someone's nearest")
	}
	if st.Skipped != 2 || st.Docs != 4 || st.Stories != 3 || st.DupGroups != 1 {
		t.Errorf("stats %+v; want 2 skipped, 4 docs, 3 stories, 1 group", st)
	}
}

func TestGroupEmptyAndFeatureless(t *testing.T) {
	as, st, err := Group(nil, DefaultOptions(sigSize))
	if err != nil || len(as) != 0 || st.Docs != 0 || st.Stories != 0 {
		t.Errorf("no docs: %v %v %+v", as, err, st)
	}
	// Articles with no features at all are their own stories.
	docs := []Doc{{ID: "x"}, {ID: "y"}}
	as, st = group(t, docs, DefaultOptions(sigSize))
	if as[0].Story != 0 || as[1].Story != 1 || st.Stories != 2 {
		t.Errorf("featureless: %+v, %+v", as, st)
	}
}

func TestGroupValidates(t *testing.T) {
	docs := []Doc{mkDoc("a", randomShingles(1, 10), nil)}
	for name, mod := range map[string]func(*Options){
		"resemblance 0":    func(o *Options) { o.Resemblance = 0 },
		"containment 1.5":  func(o *Options) { o.Containment = 1.5 },
		"threshold NaN":    func(o *Options) { o.StoryThreshold = math.NaN() },
		"unshared 2":       func(o *Options) { o.UnsharedWeight = 2 },
		"negative window":  func(o *Options) { o.Window = -time.Hour },
		"negative scale":   func(o *Options) { o.TimeScale = -time.Hour },
		"bands too many":   func(o *Options) { o.LSH.Bands = 100 },
		"rows 0":           func(o *Options) { o.LSH.Rows = 0 },
		"short signatures": func(o *Options) { *o = DefaultOptions(256) },
	} {
		o := DefaultOptions(sigSize)
		mod(&o)
		if _, _, err := Group(docs, o); err == nil {
			t.Errorf("%s: no error", name)
		}
		if _, err := Explain(docs, o, nil); err == nil {
			t.Errorf("%s: Explain gave no error", name)
		}
	}
	if err := (&Options{}).Validate(sigSize); err == nil {
		t.Errorf("zero options valid")
	}
	o := DefaultOptions(sigSize)
	if err := o.Validate(sigSize); err != nil {
		t.Errorf("default options: %v", err)
	}
}

func TestParsePolicy(t *testing.T) {
	for _, p := range []Policy{Auto, Earliest, Fullest} {
		q, ok := ParsePolicy(p.String())
		if !ok || q != p {
			t.Errorf("ParsePolicy(%q) = %v, %v", p.String(), q, ok)
		}
	}
	if p, ok := ParsePolicy(""); !ok || p != Auto {
		t.Errorf(`ParsePolicy("") = %v, %v`, p, ok)
	}
	if _, ok := ParsePolicy("latest"); ok {
		t.Errorf("ParsePolicy accepted latest")
	}
}

// idfTable gives IDF bit for bit, in its table and beyond it.
func TestIDFTable(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000, 300000} {
		for _, size := range []int{1, 16, 1 << 16, 1 << 24} {
			idf := idfTable(n, size).Of
			for _, df := range []int{0, 1, 2, 15, 16, 17, n / 2, n, n + 1, 1 << 16, 1<<16 + 1} {
				if got, want := idf(df), IDF(n, df); math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("idfTable(%d, %d)(%d) = %v, want %v", n, size, df, got, want)
				}
			}
		}
	}
}

func TestIDF(t *testing.T) {
	for _, n := range []int{1, 5, 100, 100000} {
		prev := math.Inf(1)
		for df := 0; df <= n; df += max(1, n/50) {
			v := IDF(n, df)
			if !(v < prev) {
				t.Errorf("IDF(%d, %d) = %v, not below IDF at smaller df %v", n, df, v, prev)
			}
			prev = v
		}
		if v := IDF(n, n); !(v > 0) {
			t.Errorf("IDF(%d, %d) = %v, want > 0", n, n, v)
		}
	}
	if v, want := IDF(5, 5), math.Log(6/5.5)+math.Log(3); math.Abs(v-want) > 1e-12 || v < 1 {
		t.Errorf("IDF(5, 5) = %v, want %v (well above 0)", v, want)
	}
	n := 100000.0
	if v, want := IDF(100000, 100000), math.Log((n+1)/(n+0.5))+math.Log(1+10/n); math.Abs(v-want) > 1e-15 || v > 2e-4 {
		t.Errorf("IDF(1e5, 1e5) = %v, want %v (tiny)", v, want)
	}
	if v, want := IDF(100000, 1), math.Log((n+1)/1.5)+math.Log(1+10/n); math.Abs(v-want) > 1e-12 {
		t.Errorf("IDF(1e5, 1) = %v, want %v", v, want)
	}
	if v := IDF(0, 0); math.IsInf(v, 0) || math.IsNaN(v) {
		t.Errorf("IDF(0, 0) = %v", v)
	}
}

// formulaDocs returns n texts of 200 shingles, each made of a shared
// 60-shingle formula (a template) and 140 shingles of its own, with
// vocabularies of their own, published a day apart from each other when
// daily is set and undated otherwise.
func formulaDocs(n int, daily bool) []Doc {
	formula := randomShingles(500, 60)
	var docs []Doc
	for i := range n {
		sh := append(randomShingles(uint64(501+i), 140), formula...)
		d := mkDoc(string(rune('A'+i/26))+string(rune('a'+i%26)), sh, terms(seq(string(rune('A'+i/26))+string(rune('a'+i%26)), 4)...))
		if daily {
			d = dated(d, hours(24*float64(i)))
		}
		docs = append(docs, d)
	}
	return docs
}

func TestGroupCommonFormula(t *testing.T) {
	// Two texts sharing the formula: about 30% of either is the other's,
	// so they are copies by containment.
	docs := formulaDocs(2, false)
	as, _ := group(t, docs, opts(docs))
	if as[1].DupOf != 0 && as[0].DupOf != 1 {
		t.Fatalf("two texts sharing 30%%: not copies (containment %v)", as[0].Containment)
	}
	// Fifty texts built on it: the formula's sampled shingles are held by
	// 50 different texts, weigh CommonValue/50 = 0.2, and the
	// containment falls to about 0.2·30 / (0.2·30 + 70) ≈ 0.08.
	docs = formulaDocs(50, false)
	as, st := group(t, docs, opts(docs))
	if st.DupEdges != 0 || st.DupGroups != 0 {
		t.Errorf("50 texts on one formula: %d copy links, %d groups; want none", st.DupEdges, st.DupGroups)
	}
	ev, _ := Explain(docs, opts(docs), [][2]int{{0, 1}})
	if ev[0].Copy || ev[0].Containment > 0.15 {
		t.Errorf("50 texts on one formula: evidence %+v", ev[0])
	}
	for i, a := range as {
		if a.StorySize != 1 {
			t.Errorf("%s: story of %d", docs[i].ID, a.StorySize)
		}
	}
	// Ten texts a day apart: held by 10 texts (not above CommonValue),
	// but found on 10 days. With CommonDays 2 the formula weighs 0.2 and
	// neighbours (a day apart, within the window) are not copies; with
	// CommonDays off they are.
	docs = formulaDocs(10, true)
	o := opts(docs)
	o.CommonDays = 2
	if _, st := group(t, docs, o); st.DupEdges != 0 {
		t.Errorf("formula on 10 days, CommonDays 2: %d copy links, want 0", st.DupEdges)
	}
	o.CommonDays = 0
	if _, st := group(t, docs, o); st.DupEdges == 0 {
		t.Errorf("formula on 10 days, CommonDays off: no copy links")
	}
	// Two texts dated the same day and three undated ones: the formula is
	// found on one day (an undated text adds no day), so CommonDays 1
	// leaves its weight whole and the texts are copies.
	docs = formulaDocs(5, false)
	docs[0], docs[1] = dated(docs[0], hours(0)), dated(docs[1], hours(1))
	o = opts(docs)
	o.CommonDays = 1
	if _, st := group(t, docs, o); st.DupEdges == 0 {
		t.Errorf("formula on 1 day and undated, CommonDays 1: no copy links")
	}
}

// MaxBucket ≤ 0 means no limit for LSH buckets (see minhash.Index.Pairs):
// it must not turn off the sample candidates that containment needs.
func TestGroupMaxBucketZero(t *testing.T) {
	long := randomShingles(600, 1000)
	docs := []Doc{
		mkDoc("long", long, nil),
		mkDoc("short", long[400:500], nil), // J = 0.1: LSH alone rarely finds it
	}
	o := opts(docs)
	as, _ := group(t, docs, o)
	if as[1].DupOf != 0 {
		t.Fatalf("MaxBucket %d: short is not a copy of long", o.MaxBucket)
	}
	o.MaxBucket = 0
	as, st := group(t, docs, o)
	if as[1].DupOf != 0 {
		t.Errorf("MaxBucket 0: short is not a copy of long (%d of %d sampled values counted oversized, %d candidates)",
			st.OversizedValues, st.SampleValues, st.DupCandidates)
	}
}

// Whether two articles are story candidates must not depend on which
// comes first in the input. x has 17 terms, so its probe terms are its 16
// heaviest and leave out t, the one word it shares with y (whose only
// word t is a probe term). Their cosine is 0.9/√(16 + 0.81) ≈ 0.22, above
// the story threshold.
func TestStoryProbeTermsOrder(t *testing.T) {
	xt := terms(seq("x", 16)...)
	xt = append(xt, Term{Hash: term("t"), Weight: 0.9})
	x := mkDoc("x", randomShingles(700, 100), xt)
	y := mkDoc("y", randomShingles(701, 100), terms("t"))
	for _, docs := range [][]Doc{{x, y}, {y, x}} {
		o := DefaultOptions(sigSize) // nil DF: all words equally rare
		o.StoryThreshold = 0.2       // below the pair's 0.22
		as, _ := group(t, docs, o)
		ev, err := Explain(docs, o, [][2]int{{0, 1}})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(ev[0].Story-0.9/math.Sqrt(16.81)) > 1e-6 {
			t.Fatalf("similarity %v, want %v", ev[0].Story, 0.9/math.Sqrt(16.81))
		}
		if as[0].Story != as[1].Story || as[0].Nearest != 1 || as[1].Nearest != 0 {
			t.Errorf("order %s, %s: stories %s, %s, nearest %s, %s; want one story, each other's nearest",
				docs[0].ID, docs[1].ID, idOf(docs, as[0].Story), idOf(docs, as[1].Story),
				idOf(docs, as[0].Nearest), idOf(docs, as[1].Nearest))
		}
	}
}

// IDFs gives exactly what IDF gives, inside its table and beyond it.
func TestIDFs(t *testing.T) {
	for _, n := range []int{0, 1, 5, 70000, 1000000} {
		idf := NewIDFs(n)
		for _, df := range []int{0, 1, 2, 3, 1000, 1<<16 - 1, 1 << 16, 1<<16 + 1, 999999, n, n + 1, n + 2} {
			if got, want := idf.Of(df), IDF(n, df); got != want {
				t.Errorf("NewIDFs(%d).Of(%d) = %v, IDF = %v", n, df, got, want)
			}
		}
	}
}
