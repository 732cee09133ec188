package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/samestory/samestory"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/minhash"
)

// doc returns a document with some features, different for every id.
func doc(id string) cluster.Doc {
	h := uint32(len(id))
	for _, c := range id {
		h = h*31 + uint32(c)
	}
	d := cluster.Doc{ID: id, Source: "src-" + id, Time: int64(h), Dated: h%2 == 0, Words: int(h % 300),
		Sig: make([]uint32, 8), Shingles: int(h % 500), Sample: minhash.Sample{Level: 3, Values: []uint32{1, h % 100, 1000 + h}},
		Terms: []cluster.Term{{Hash: h, Weight: 1.5}, {Hash: h + 1, Weight: 0.25}}, Rest: 0.75}
	for i := range d.Sig {
		d.Sig[i] = h * uint32(i+1)
	}
	if h%7 == 0 {
		d.Skip = "no text"
	}
	return d
}

// grouping builds assignments from stories given as lists of ids: the
// first id of a story is its canonical; within a story, an id followed
// by "*" is a copy of the canonical.
func grouping(t *testing.T, docs []cluster.Doc, stories ...[]string) []cluster.Assignment {
	t.Helper()
	pos := make(map[string]int)
	for i, d := range docs {
		pos[d.ID] = i
	}
	as := make([]cluster.Assignment, len(docs))
	for i := range as {
		as[i] = cluster.Assignment{Story: -1, DupOf: -1, Via: -1, Nearest: -1}
	}
	for _, s := range stories {
		canon := pos[strings.TrimSuffix(s[0], "*")]
		for _, id := range s {
			copyOf := strings.HasSuffix(id, "*")
			i, ok := pos[strings.TrimSuffix(id, "*")]
			if !ok {
				t.Fatalf("grouping: unknown id %q", id)
			}
			as[i].Story, as[i].StorySize = canon, len(s)
			if copyOf {
				as[i].DupOf = canon
			}
		}
	}
	for i := range as {
		if as[i].Story < 0 {
			t.Fatalf("grouping: %q in no story", docs[i].ID)
		}
	}
	return as
}

func docsOf(ids ...string) []cluster.Doc {
	ds := make([]cluster.Doc, len(ids))
	for i, id := range ids {
		ds[i] = doc(id)
	}
	return ds
}

func settings() Settings {
	c := samestory.DefaultConfig()
	return SettingsOf(&c)
}

// runBatch loads the index, groups its documents and the batch as told,
// and commits.
func runBatch(t *testing.T, ix *Index, batch []string, stories ...[]string) *Update {
	t.Helper()
	st, err := ix.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := append(slices.Clone(st.Docs), docsOf(batch...)...)
	u, err := Plan(st, docs, grouping(t, docs, stories...), st.Len())
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Commit(u, settings(), []byte("corpus"), Run{Read: len(batch)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Verify(); err != nil {
		t.Fatal(err)
	}
	return u
}

func openIndex(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// storyOf maps article ids to their story ids in the index.
func storyOf(t *testing.T, ix *Index) map[string]string {
	t.Helper()
	as, err := ix.Assignments()
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string)
	for _, a := range as {
		m[a.ID] = a.Story
	}
	return m
}

// TestRoundTrip: the documents loaded are those committed.
func TestRoundTrip(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	ids := []string{"a", "bb", "ccc", "snn-2015-07-21-00648", "مقال", "x\x00y"}
	runBatch(t, ix, ids[:2], []string{"a"}, []string{"bb"})
	runBatch(t, ix, ids[2:], []string{"a"}, []string{"bb"}, ids[2:])
	st, err := ix.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := docsOf(ids...); !reflect.DeepEqual(st.Docs, want) {
		t.Errorf("loaded\n%+v\nwant\n%+v", st.Docs, want)
	}
	if want := []int32{0, 1, 2, 2, 2, 2}; !slices.Equal(st.Labels(), want) {
		t.Errorf("labels %v, want %v", st.Labels(), want)
	}
}

func TestStoryIDs(t *testing.T) {
	for seq, want := range map[uint64]string{1: "s1", 35: "sz", 36: "s10", 1295: "szz"} {
		if got := StoryID(seq); got != want {
			t.Errorf("StoryID(%d) = %q, want %q", seq, got, want)
		}
	}
}

// TestStableIDs: ids are given to new stories in order, kept by stories
// that grow, and survive reopening the index.
func TestStableIDs(t *testing.T) {
	dir := t.TempDir()
	ix := openIndex(t, dir)
	u := runBatch(t, ix, []string{"a1", "a2", "b1", "c1"}, []string{"a1", "a2*"}, []string{"b1"}, []string{"c1"})
	if u.NewStories != 3 || u.Merges != 0 || len(u.Changes) != 0 {
		t.Fatalf("first run: %d new stories, %d merges, %d changes", u.NewStories, u.Merges, len(u.Changes))
	}
	want := map[string]string{"a1": "s1", "a2": "s1", "b1": "s2", "c1": "s3"}
	if got := storyOf(t, ix); !reflect.DeepEqual(got, want) {
		t.Fatalf("after run 1: %v, want %v", got, want)
	}
	ix.Close()

	ix = openIndex(t, dir)
	// b3 joins b1's story and becomes its canonical; d1 is new.
	u = runBatch(t, ix, []string{"b3", "d1", "a3"},
		[]string{"a1", "a2*", "a3"}, []string{"b3", "b1"}, []string{"c1"}, []string{"d1"})
	want = map[string]string{"a1": "s1", "a2": "s1", "a3": "s1", "b1": "s2", "b3": "s2", "c1": "s3", "d1": "s4"}
	if got := storyOf(t, ix); !reflect.DeepEqual(got, want) {
		t.Fatalf("after run 2: %v, want %v", got, want)
	}
	if u.NewStories != 1 || u.CanonicalChanges != 1 || len(u.Changes) != 1 {
		t.Fatalf("run 2: %d new stories, %d canonical changes, changes %+v", u.NewStories, u.CanonicalChanges, u.Changes)
	}
	c := u.Changes[0]
	if c.ID != "b1" || c.Kind != Canonical || c.Story != "s2" || c.StoryCanonical != "b3" || c.PreviousCanonical != "b1" {
		t.Errorf("change %+v", c)
	}
	as, err := ix.Assignments()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID)
		if a.ID == "a2" && a.DupOf != "a1" || a.ID != "a2" && a.DupOf != "" {
			t.Errorf("%s: duplicate_of %q", a.ID, a.DupOf)
		}
		if a.Canonical() != (a.ID == "a1" || a.ID == "b3" || a.ID == "c1" || a.ID == "d1") {
			t.Errorf("%s: canonical %v", a.ID, a.Canonical())
		}
	}
	if want := []string{"a1", "a2", "b1", "c1", "b3", "d1", "a3"}; !slices.Equal(ids, want) {
		t.Errorf("first-seen order %v, want %v", ids, want)
	}
	s, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.Articles != 7 || s.Stories != 4 || s.Largest != 3 || len(s.Runs) != 2 || s.Runs[1].New != 3 || s.Runs[1].Seq != 2 {
		t.Errorf("stats %+v", s)
	}
}

// TestMerge: stories that merge keep the oldest id; the others are
// retired and reported, with every article of theirs.
func TestMerge(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	runBatch(t, ix, []string{"a1", "b1", "b2", "c1", "d1"}, []string{"a1"}, []string{"b1", "b2"}, []string{"c1"}, []string{"d1"})
	// s1 a1, s2 b1 b2, s3 c1, s4 d1. The new x1 glues b, c and a (x1 the
	// canonical); d stays.
	u := runBatch(t, ix, []string{"x1", "y1"}, []string{"x1", "c1", "b1", "b2", "a1"}, []string{"d1"}, []string{"y1"})
	got := storyOf(t, ix)
	for _, id := range []string{"a1", "b1", "b2", "c1", "x1"} {
		if got[id] != "s1" {
			t.Errorf("%s in %s, want s1 (the oldest)", id, got[id])
		}
	}
	if got["d1"] != "s4" || got["y1"] != "s5" {
		t.Errorf("d1 in %s, y1 in %s; want s4, s5", got["d1"], got["y1"])
	}
	if u.Merges != 2 || u.NewStories != 1 || u.Stories != 3 {
		t.Errorf("%d merges, %d new stories, %d stories", u.Merges, u.NewStories, u.Stories)
	}
	var lines []string
	for _, c := range u.Changes {
		lines = append(lines, fmt.Sprintf("%s %s %s→%s %v %s→%s", c.ID, c.Kind, c.PreviousStory, c.Story, c.MergedFrom, c.PreviousCanonical, c.StoryCanonical))
	}
	want := []string{
		"a1 canonical s1→s1 [] a1→x1",
		"b1 merged s2→s1 [s2 s3] b1→x1",
		"b2 merged s2→s1 [s2 s3] b1→x1",
		"c1 merged s3→s1 [s2 s3] c1→x1",
	}
	if !slices.Equal(lines, want) {
		t.Errorf("changes:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	s, _ := ix.Stats()
	if s.Stories != 3 {
		t.Errorf("%d stories in the index, want 3", s.Stories)
	}
}

// TestSplit: a grouping that splits an indexed story (which the pipeline
// must not do) still leaves a consistent index; the part without the
// story's first article gets a new id.
func TestSplit(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	runBatch(t, ix, []string{"a1", "a2", "a3"}, []string{"a1", "a2", "a3"})
	u := runBatch(t, ix, []string{"n1"}, []string{"a1", "a2"}, []string{"a3", "n1"})
	if u.Splits != 1 || len(u.Changes) != 1 || u.Changes[0].Kind != Split || u.Changes[0].Story != "s2" {
		t.Errorf("splits %d, changes %+v", u.Splits, u.Changes)
	}
}

func TestPlanRefusesMismatch(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	runBatch(t, ix, []string{"a", "b"}, []string{"a"}, []string{"b"})
	st, err := ix.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	docs := docsOf("b", "a", "c")
	if _, err := Plan(st, docs, grouping(t, docs, []string{"a"}, []string{"b"}, []string{"c"}), 2); err == nil {
		t.Error("docs in another order: no error")
	}
	docs = docsOf("a", "b", "a")
	docs[2].Words++
	if _, err := Plan(st, docs[:3], make([]cluster.Assignment, 3), 2); err == nil || !strings.Contains(err.Error(), "already indexed") {
		t.Errorf("an indexed id as new: %v", err)
	}
}

func TestSettingsMismatch(t *testing.T) {
	dir := t.TempDir()
	ix := openIndex(t, dir)
	if err := ix.Check(settings()); err != nil {
		t.Fatalf("empty index: %v", err)
	}
	runBatch(t, ix, []string{"a"}, []string{"a"})
	if err := ix.Check(settings()); err != nil {
		t.Fatalf("same settings: %v", err)
	}
	c := samestory.DefaultConfig()
	c.SignatureSize = 64
	c.Cluster.StoryThreshold = 0.3
	c.SampleSize = 100
	err := ix.Check(SettingsOf(&c))
	var me *MismatchError
	if !errors.As(err, &me) {
		t.Fatalf("other settings: %v", err)
	}
	for _, want := range []string{
		"index was built with --signature-size 128, this run has 64",
		"index was built with --story-threshold 0.22, this run has 0.3",
		"index was built with sample size 128, this run has 100",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\nlacks %q", err, want)
		}
	}
	if len(me.Differences) != 3 {
		t.Errorf("%d differences, want 3: %v", len(me.Differences), me.Differences)
	}
	ix.Close()
	ix, err = Open(dir, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := ix.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, settings()) {
		t.Errorf("settings read back\n%v\nwant\n%v", s, settings())
	}
}

// TestInUse: a second open of a held index fails fast, naming the pid of
// the holder.
func TestInUse(t *testing.T) {
	dir := t.TempDir()
	ix := openIndex(t, dir)
	for _, ro := range []bool{false, true} {
		start := time.Now()
		_, err := Open(dir, Options{ReadOnly: ro, Timeout: 200 * time.Millisecond})
		if !errors.Is(err, ErrInUse) {
			t.Fatalf("read-only %v: second open: %v", ro, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("second open took %v", d)
		}
		want := fmt.Sprintf("index %s is in use by another samestory run (pid %d, since ", dir, os.Getpid())
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\nlacks %q", err, want)
		}
	}
	ix.Close()
	ix2, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	ix2.Close()
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !os.IsNotExist(err) {
		t.Errorf("lock file left after close: %v", err)
	}
}

func TestOpenReadOnlyMissing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "nothing"), Options{ReadOnly: true})
	if !errors.Is(err, ErrNoIndex) {
		t.Errorf("read-only open of nothing: %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, DBFile), []byte("not a database, certainly not one"), 0o644)
	if _, err := Open(dir, Options{ReadOnly: true}); err == nil {
		t.Error("read-only open of a non-database: no error")
	}
}

// An index is made only in a new or empty folder, or one that holds an
// index: a folder of other files is refused and left as it was.
func TestOpenAmongOtherFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), "other files (notes.txt") {
		t.Errorf("open among other files: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, DBFile)); err == nil {
		t.Error("an index was made among other files")
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, LockFile), []byte("4242"), 0o644) // left by a killed run
	ix, err := Open(empty, Options{})
	if err != nil {
		t.Fatalf("open of an empty folder: %v", err)
	}
	ix.Close()
	os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("mine"), 0o644)
	ix, err = Open(empty, Options{}) // it holds an index now
	if err != nil {
		t.Fatalf("reopen with another file beside the index: %v", err)
	}
	ix.Close()
}

// TestUncommitted: a run that loads and plans but does not commit leaves
// the index as it was.
func TestUncommitted(t *testing.T) {
	dir := t.TempDir()
	ix := openIndex(t, dir)
	runBatch(t, ix, []string{"a", "b"}, []string{"a", "b"})
	before := storyOf(t, ix)
	st, _ := ix.Load(nil)
	docs := append(slices.Clone(st.Docs), doc("c"))
	if _, err := Plan(st, docs, grouping(t, docs, []string{"a", "b", "c"}), 2); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix = openIndex(t, dir)
	if got := storyOf(t, ix); !reflect.DeepEqual(got, before) {
		t.Errorf("%v, want %v", got, before)
	}
	if blob, err := ix.Corpus(); err != nil || string(blob) != "corpus" {
		t.Errorf("corpus %q, %v", blob, err)
	}
}

// dated returns a document published at hour h, with a signature and a
// sample of its own (seed), sharing nothing with other seeds.
func dated(id string, h int64, seed uint32) cluster.Doc {
	d := cluster.Doc{ID: id, Time: 1_700_000_000 + h*3600, Dated: true, Words: 100, Sig: make([]uint32, 8)}
	for i := range d.Sig {
		d.Sig[i] = seed*1000 + uint32(i)
	}
	for i := range 10 {
		d.Sample.Values = append(d.Sample.Values, seed*1000+uint32(i))
	}
	return d
}

func needOptions() *cluster.Options {
	o := cluster.DefaultOptions(8)
	o.LSH = minhash.Params{Bands: 4, Rows: 2}
	o.MaxBucket = 3
	o.MinShared = 3
	o.Window = 72 * time.Hour
	return &o
}

func TestNeed(t *testing.T) {
	batch := []cluster.Doc{dated("new", 1000, 1), dated("dup-id", 0, 2)}
	n := NewNeed(batch, needOptions(), func(id string) bool { return id == "dup-id" })
	if n.All() {
		t.Fatal("All with dated articles")
	}
	band := dated("band", 0, 3)
	band.Sig[2], band.Sig[3] = 1002, 1003 // band 1 of "new"
	halfBand := dated("half-band", 0, 4)
	halfBand.Sig[2] = 1002
	sample := dated("sample", 0, 5)
	sample.Sample.Values = append(sample.Sample.Values[:7], 1000, 1001, 1002)
	two := dated("two-values", 0, 6)
	two.Sample.Values = append(two.Sample.Values[:8], 1000, 1001)
	formula := dated("formula", 0, 7)
	formula.Sample.Values = append(formula.Sample.Values[:7], 1007, 1008, 1009)
	undated := dated("undated", 0, 8)
	undated.Dated = false
	noText := dated("no-text", 1000, 9)
	noText.Skip = "no text"
	var others []cluster.Doc
	for i := range 3 { // make 1009 a formula: held by 5 > MaxBucket articles
		o := dated(fmt.Sprintf("f%d", i), 0, uint32(20+i))
		o.Sample.Values = append(o.Sample.Values, 1009)
		others = append(others, o)
	}
	docs := append([]cluster.Doc{
		dated("window-start", 1000-72, 10), dated("before-window", 1000-73, 11), dated("window-end", 1000+72, 12),
		dated("after-window", 1000+73, 13), band, halfBand, sample, two, formula, undated, noText, dated("dup-id", 0, 14),
	}, others...)
	for i := range docs {
		n.See(&docs[i])
	}
	want := map[string]bool{"window-start": true, "window-end": true, "band": true, "sample": true,
		"undated": true, "dup-id": true}
	for i := range docs {
		if got := n.Wants(&docs[i]); got != want[docs[i].ID] {
			t.Errorf("Wants(%s) = %v", docs[i].ID, got)
		}
	}
	u := dated("undated-new", 0, 30)
	u.Dated = false
	if !NewNeed([]cluster.Doc{u}, needOptions(), nil).All() {
		t.Error("an undated new article: not All")
	}
	o := needOptions()
	o.Window = 0
	if !NewNeed(batch, o, nil).All() {
		t.Error("no window: not All")
	}
}

// TestSelectiveLoad: a run that loads only what a batch needs loads
// whole stories, and its commit leaves the others as they were.
func TestSelectiveLoad(t *testing.T) {
	ix := openIndex(t, t.TempDir())
	// Stories: s1 = old1 (hour 0) + old2 (hour 500); s2 = old3 (hour 0);
	// s3 = recent (hour 990).
	docs := []cluster.Doc{dated("old1", 0, 1), dated("old2", 500, 2), dated("old3", 0, 3), dated("recent", 990, 4)}
	st, err := ix.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := Plan(st, docs, grouping(t, docs, []string{"old1", "old2"}, []string{"old3"}, []string{"recent"}), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Commit(u, settings(), []byte("corpus"), Run{}); err != nil {
		t.Fatal(err)
	}
	batch := []cluster.Doc{dated("new1", 1000, 5), dated("new2", 1001, 6)}
	batch[1].Sig = slices.Clone(docs[0].Sig) // a copy of old1 (far older)
	st, err = ix.Load(NewNeed(batch, needOptions(), nil))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, d := range st.Docs {
		got = append(got, fmt.Sprintf("%s@%d:%s", d.ID, st.Seq[i], st.Story[i]))
	}
	if want := []string{"old1@0:s1", "old2@1:s1", "recent@3:s3"}; !slices.Equal(got, want) {
		t.Fatalf("loaded %v, want %v", got, want)
	}
	if st.Articles != 4 || !st.Has("old3") || st.Has("new1") {
		t.Fatalf("state: %d articles, has old3 %v", st.Articles, st.Has("old3"))
	}
	all := append(slices.Clone(st.Docs), batch...)
	// new2 joins s1, new1 merges with recent's story s3 into s1 too.
	u, err = Plan(st, all, grouping(t, all, []string{"new2", "old1", "old2", "recent", "new1"}), 3)
	if err != nil {
		t.Fatal(err)
	}
	if u.Articles != 6 || u.Stories != 2 || u.Merges != 1 {
		t.Errorf("update: %d articles, %d stories, %d merges", u.Articles, u.Stories, u.Merges)
	}
	if err := ix.Commit(u, settings(), []byte("corpus"), Run{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Verify(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"old1": "s1", "old2": "s1", "old3": "s2", "recent": "s1", "new1": "s1", "new2": "s1"}
	if got := storyOf(t, ix); !reflect.DeepEqual(got, want) {
		t.Errorf("stories %v, want %v", got, want)
	}
	as, _ := ix.Assignments()
	var order []string
	for _, a := range as {
		order = append(order, fmt.Sprintf("%d %s", a.Seq, a.ID))
	}
	if want := []string{"0 old1", "1 old2", "2 old3", "3 recent", "4 new1", "5 new2"}; !slices.Equal(order, want) {
		t.Errorf("sequence %v, want %v", order, want)
	}

	// A story must be loaded whole.
	st, _ = ix.Load(nil)
	st.Docs, st.Story, st.Seq, st.DupOf = st.Docs[:1], st.Story[:1], st.Seq[:1], st.DupOf[:1]
	if _, err := Plan(st, st.Docs, grouping(t, st.Docs, []string{"old1"}), 1); err == nil || !strings.Contains(err.Error(), "1 of the 5 articles of story s1 loaded") {
		t.Errorf("part of a story: %v", err)
	}
}
