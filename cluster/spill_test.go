package cluster

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// cloneDocs copies docs deeply enough for Group to change the copy.
func cloneDocs(docs []Doc) []Doc {
	out := slices.Clone(docs)
	for i := range out {
		out[i].Terms = slices.Clone(out[i].Terms)
		out[i].Sig = slices.Clone(out[i].Sig)
		out[i].Sample.Values = slices.Clone(out[i].Sample.Values)
	}
	return out
}

// groupBudget groups docs as Group does, with the sampled values handled
// in rounds of at most budget values.
func groupBudget(t *testing.T, docs []Doc, o Options, budget int) ([]Assignment, Stats) {
	t.Helper()
	g, err := newGrouper(docs, o)
	if err != nil {
		t.Fatal(err)
	}
	g.occBudget = budget
	if err := g.run(); err != nil {
		t.Fatal(err)
	}
	g.assign()
	g.dropUnspilled()
	return g.out, g.st
}

// Spilling features to disk and handling sampled values in rounds change
// nothing in the result; spilling drops the Terms and leaves no file.
func TestGroupSpillAndRounds(t *testing.T) {
	docs := synthCorpus(7, 1500)
	o := opts(docs)
	o.Workers = 2
	want, wantSt := groupBudget(t, cloneDocs(docs), o, occBudget)
	for _, c := range []struct {
		name   string
		spill  bool
		budget int
	}{
		{"spill", true, occBudget},
		{"rounds", false, 5000},
		{"spill and one-partition rounds", true, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			o := o
			if c.spill {
				o.Spill = dir
			}
			ds := cloneDocs(docs)
			got, st := groupBudget(t, ds, o, c.budget)
			if !reflect.DeepEqual(got, want) {
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("%s: %+v, want %+v", docs[i].ID, got[i], want[i])
					}
				}
			}
			if !reflect.DeepEqual(st, wantSt) {
				t.Errorf("stats %+v, want %+v", st, wantSt)
			}
			for i := range ds {
				if c.spill && ds[i].Terms != nil {
					t.Fatalf("%s: Terms kept after spilling", ds[i].ID)
				}
				// Spilling drops the features.
				if c.spill {
					if ds[i].Sig != nil || ds[i].Sample.Values != nil {
						t.Fatalf("%s: features kept after spilling", ds[i].ID)
					}
					continue
				}
				if !slices.Equal(ds[i].Sig, docs[i].Sig) || !slices.Equal(ds[i].Sample.Values, docs[i].Sample.Values) || ds[i].Sample.Level != docs[i].Sample.Level {
					t.Fatalf("%s: signature or sample not as given", ds[i].ID)
				}
			}
			if left, _ := os.ReadDir(dir); len(left) > 0 {
				t.Errorf("files left in the spill directory: %v", left)
			}
		})
	}
	if wantSt.SampleValues < 5000 {
		t.Fatalf("too few sampled values (%d) for several rounds", wantSt.SampleValues)
	}
	// Features read back from the spill file are used: by the copies
	// that reach their canonical through others, measured at the end.
	via := 0
	for _, a := range want {
		if a.Via >= 0 {
			via++
		}
	}
	if via == 0 {
		t.Fatal("no copy reached through others: the spill file is not read back")
	}
}

// Terms spilled by the caller group as Terms in memory do.
func TestGroupTermFile(t *testing.T) {
	docs := synthCorpus(3, 600)
	o := opts(docs)
	want, wantSt := groupBudget(t, cloneDocs(docs), o, occBudget)
	dir := t.TempDir()
	ds := cloneDocs(docs)
	tf, err := NewTermFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ds {
		tf.Add(ds[i].Terms)
		ds[i].Terms = nil
	}
	o.Terms = tf
	got, st, err := Group(ds, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(st, wantSt) {
		t.Errorf("grouping with a term file differs from grouping in memory")
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files left behind: %v", left)
	}

	// A term file for other documents is refused.
	tf, err = NewTermFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	tf.Add(nil)
	o.Terms = tf
	if _, _, err := Group(cloneDocs(docs), o); err == nil {
		t.Error("no error for a term file of 1 document, grouping 600")
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files left behind: %v", left)
	}
}

// A term file read back in parts, by any number of workers, gives every
// document its Terms.
func TestTermFileParts(t *testing.T) {
	docs := synthCorpus(3, 600)
	for _, every := range []int{1, 7, 1000} {
		for _, workers := range []int{1, 2, 3, 8} {
			tf, err := NewTermFile(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			tf.every = every
			ds := cloneDocs(docs)
			for i := range ds {
				tf.Add(ds[i].Terms)
				ds[i].Terms = nil
			}
			if err := tf.load(ds, workers); err != nil {
				t.Fatal(err)
			}
			for i := range ds {
				if !slices.Equal(ds[i].Terms, docs[i].Terms) {
					t.Fatalf("every %d, %d workers: document %d has %v, want %v", every, workers, i, ds[i].Terms, docs[i].Terms)
				}
			}
		}
	}
}

// A term file gives back every weight bit for bit: the first 255
// different ones through their codes, the others written whole, odd
// values (NaN, -0, infinities, subnormals) among them.
func TestTermFileWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	odd := []float32{float32(math.NaN()), float32(math.Copysign(0, -1)), 0, float32(math.Inf(1)), float32(math.Inf(-1)), math.SmallestNonzeroFloat32}
	docs := make([][]Term, 400)
	for i := range docs {
		n := rng.IntN(12) // some documents have none
		for j := range n {
			var w float32
			switch k := rng.IntN(10); {
			case k < 6: // a few common values
				w = 1 + float32(rng.IntN(5))/2
			case k < 7:
				w = odd[rng.IntN(len(odd))]
			default: // hundreds of different ones
				w = rng.Float32() * 10
			}
			docs[i] = append(docs[i], Term{Hash: uint32(i*100 + j), Weight: w})
		}
	}
	tf, err := NewTermFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tf.every = 16
	ds := make([]Doc, len(docs))
	for i := range docs {
		tf.Add(docs[i])
	}
	if len(tf.weights.dict) != wholeWeight {
		t.Fatalf("%d weights coded, want the test to fill all %d codes", len(tf.weights.dict), wholeWeight)
	}
	if err := tf.load(ds, 3); err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		if len(ds[i].Terms) != len(docs[i]) {
			t.Fatalf("document %d: %d terms, want %d", i, len(ds[i].Terms), len(docs[i]))
		}
		for j, want := range docs[i] {
			got := ds[i].Terms[j]
			if got.Hash != want.Hash || math.Float32bits(got.Weight) != math.Float32bits(want.Weight) {
				t.Fatalf("document %d, term %d: %v, want %v", i, j, got, want)
			}
		}
	}
}

func TestGroupSpillDirMissing(t *testing.T) {
	docs := synthCorpus(1, 50)
	o := opts(docs)
	o.Spill = filepath.Join(t.TempDir(), "no", "such", "dir")
	if _, _, err := Group(docs, o); err == nil {
		t.Fatal("no error for a spill directory that does not exist")
	}
}

// featuresNeeded names, whatever the stories, every copy that is not
// linked to the canonical of its near-duplicate group, and that
// canonical: the documents copyTo measures after stories are built. The
// stories here are random, to try many ways of cutting the components
// of copy links.
func TestFeaturesNeeded(t *testing.T) {
	docs := synthCorpus(5, 1500)
	g := copiesFound(t, docs)
	need := g.featuresNeeded()
	linked := make(map[[2]int32]bool)
	for _, e := range g.copies {
		linked[[2]int32{e.a, e.b}] = true
	}
	n := len(docs)
	rng := rand.New(rand.NewPCG(5, 1))
	checked, kept := 0, 0
	for round := range 20 {
		// A story label per document: few labels, then many.
		labels := 1 + round*round
		story := make([]int32, n)
		for d := range story {
			story[d] = int32(rng.IntN(labels))
		}
		var in []edge
		for _, e := range g.copies {
			if story[e.a] == story[e.b] {
				in = append(in, e)
			}
		}
		center := components(n, in, g.rank, 0)
		for d, c := range center {
			if c == int32(d) || linked[[2]int32{min(int32(d), c), max(int32(d), c)}] {
				continue
			}
			checked++
			if !need[d] || !need[c] {
				t.Fatalf("round %d: %s reaches its canonical %s through others, but needed %v and %v", round, docs[d].ID, docs[c].ID, need[d], need[c])
			}
		}
	}
	for _, x := range need {
		if !x {
			kept++
		}
	}
	linkedDocs := make(map[int32]bool)
	for _, e := range g.copies {
		linkedDocs[e.a], linkedDocs[e.b] = true, true
	}
	if checked == 0 || n-kept >= len(linkedDocs) {
		t.Fatalf("%d copies checked, %d of %d linked documents needed: the test checks nothing, or nothing is saved", checked, n-kept, len(linkedDocs))
	}
	t.Logf("%d copies reached through others checked; %d of %d linked documents needed", checked, n-kept, len(linkedDocs))
}

// Samples whose values are out of order, and terms out of order (see
// vectors), are sorted before use, and group as sorted ones do, in one
// round or several.
func TestGroupUnsorted(t *testing.T) {
	docs := synthCorpus(8, 800)
	o := opts(docs)
	o.Workers = 2
	want, _ := groupBudget(t, cloneDocs(docs), o, occBudget)
	rng := rand.New(rand.NewPCG(8, 2))
	for _, c := range []struct {
		budget int
		terms  bool
	}{{occBudget, false}, {3000, false}, {occBudget, true}} {
		ds := cloneDocs(docs)
		shuffled := 0
		for i := range ds {
			d := &ds[i]
			if i%3 != 0 || len(d.Sample.Values) <= 2 || len(d.Terms) <= 2 {
				continue
			}
			shuffled++
			if c.terms {
				d.Terms = slices.Clone(d.Terms)
				rng.Shuffle(len(d.Terms), func(a, b int) { d.Terms[a], d.Terms[b] = d.Terms[b], d.Terms[a] })
				continue
			}
			vs := slices.Clone(d.Sample.Values)
			rng.Shuffle(len(vs), func(a, b int) { vs[a], vs[b] = vs[b], vs[a] })
			d.Sample.Values = vs
		}
		if got, _ := groupBudget(t, ds, o, c.budget); shuffled == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("budget %d, terms %v: %d documents shuffled; grouping differs: %v", c.budget, c.terms, shuffled, !reflect.DeepEqual(got, want))
		}
	}
}
