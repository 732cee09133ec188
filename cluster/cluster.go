package cluster

import (
	"fmt"
	"math"
	"runtime/debug"
	"time"

	"github.com/samestory/samestory/minhash"
)

// Options configure Group. The zero value is not usable; start from
// DefaultOptions.
type Options struct {
	Policy Policy

	// LSH are the banding parameters for finding copies by resemblance.
	LSH minhash.Params
	// MaxBucket limits the pairs made from one LSH bucket or one shared
	// sample value; see minhash.Index.Pairs.
	MaxBucket int
	// Resemblance is the estimated Jaccard similarity of word shingles at
	// or above which two articles are copies, whatever their dates.
	Resemblance float64
	// Containment is the share of the shorter article's sampled shingles
	// found in the longer one at or above which two articles published
	// within Window are copies: a shortened or extended version of a
	// text, a lead or a statement taken over.
	Containment float64
	// MinShared is the number of sampled shingles two articles must share
	// before containment counts as evidence.
	MinShared int
	// CommonValue is the number of different texts a sampled shingle may
	// occur in before it counts as common phrasing (a template, a
	// formula) rather than evidence of copying; such shingles weigh less.
	CommonValue int
	// CommonDays is the number of different days a sampled shingle may be
	// found on (in dated articles) before it counts as a recurring
	// formula; such shingles weigh less too. 0 turns this off.
	CommonDays int

	// StoryThreshold is the average similarity, over all pairs of their
	// articles, two stories must have to be merged.
	StoryThreshold float64
	// Window is the longest time between two dated articles that can be
	// linked at the story level, or be partial copies; 0 means no limit.
	Window time.Duration
	// TimeScale sets how story-level similarity fades with the time
	// between two dated articles: not at all within TimeScale, then by a
	// factor e for every further TimeScale. 0 turns fading off.
	TimeScale time.Duration
	// UnsharedWeight is how much the words of an article that no other
	// article has count toward its length (0 to 1): they make an article
	// less similar to all others, but background that other reports leave
	// out is not held fully against it.
	UnsharedWeight float64
	// ProbeTerms is how many of an article's heaviest words are used to
	// look for other articles of its story; the similarity itself uses
	// all its words.
	ProbeTerms int

	// DF gives, for a term hash, the number of articles it occurs in, and
	// N the number of articles counted: together they measure how rare a
	// term is (see IDF). Nil DF treats every term as equally rare. DF
	// must be safe for concurrent use.
	DF func(term uint32) int
	N  int

	// Prior, when not nil, holds a story label for each of the first
	// len(Prior) documents (-1: none): documents with the same label start
	// in one story, and stay together. It lets an earlier run's stories
	// be kept whole while new documents join them or merge them.
	Prior []int32

	// Workers is how many goroutines verify candidates; ≤ 0 means 1. The
	// result does not depend on it.
	Workers int

	// Spill, when not empty, is a directory where Group keeps in
	// temporary files the features the stage it is in does not need: the
	// Terms while copies are found, then the signatures and samples while
	// stories are built. Memory then holds one kind at a time, which
	// matters for millions of articles. Group returns with the documents'
	// Terms, signatures and sampled values dropped (nil): set Spill only
	// when the caller needs no features afterwards. The result does not
	// depend on it.
	Spill string
	// Terms, when not nil, holds the Terms of all docs (theirs are then
	// not used), as with Spill set to its directory: the caller has
	// spilled them already, while computing features. Group closes it.
	Terms *TermFile
}

// DefaultOptions returns the settings samestory uses unless told
// otherwise, for signatures of k values.
func DefaultOptions(k int) Options {
	p, _ := minhash.Optimal(k, DefaultLSHThreshold, 0.5, 0.5)
	return Options{
		Policy:         Auto,
		LSH:            p,
		MaxBucket:      200,
		Resemblance:    0.4,
		Containment:    0.2,
		MinShared:      3,
		CommonValue:    10,
		CommonDays:     7,
		StoryThreshold: 0.22,
		Window:         72 * time.Hour,
		TimeScale:      24 * time.Hour,
		UnsharedWeight: 0.5,
		ProbeTerms:     16,
		Workers:        1,
	}
}

// DefaultLSHThreshold is the Jaccard similarity the default LSH parameters
// are tuned for: lower than the copy threshold, so that copies are found
// as candidates with high probability and then verified.
const DefaultLSHThreshold = 0.3

// IDF returns the rarity weight of a term found in df of n articles:
// ln((n+1)/(df+0.5)) + ln(1+10/n). The second part matters only for small
// batches: among a handful of articles every shared word looks common,
// and plain rarity would leave the words that tie a story together
// (the ones all its articles use) with no weight at all.
func IDF(n, df int) float64 {
	nf := float64(max(n, 1))
	return math.Log((nf+1)/(float64(df)+0.5)) + math.Log(1+10/nf)
}

// IDFs is IDF(n, ·) for one n, with the values for the small document
// frequencies most words have worked out once: Of(df) is IDF(n, df)
// exactly, and a call the compiler can put in line.
type IDFs struct {
	small     []float64 // IDF(n, df) for df < len(small)
	nf, batch float64   // n as a float, and IDF's second part
}

// NewIDFs returns IDF(n, ·), worked out once for document frequencies
// below 2^16.
func NewIDFs(n int) *IDFs { return idfTable(n, 1<<16) }

// Of returns IDF(n, df).
func (t *IDFs) Of(df int) float64 {
	if uint(df) < uint(len(t.small)) {
		return t.small[df]
	}
	return t.large(df)
}

// large is IDF(n, df), worked out: the same operations as IDF's, so the
// same value.
func (t *IDFs) large(df int) float64 {
	return math.Log((t.nf+1)/(float64(df)+0.5)) + t.batch
}

// idfTable returns IDF(n, ·), with the values for the document
// frequencies below size (at most n+1 of them) worked out once. Grouping
// works out all of them, up to 2^22 (a table of at most 32 MiB, 8 MiB at
// a million articles): at a million articles, words held by more than
// 2^16 articles are common enough that working out their rarity each
// time costs more than the table.
//
// The table's values are large's: IDF's second part, the same for every
// document frequency, is worked out once, not once for each (a run of
// the million works out a table for each of its 80 chunks, in the step
// that takes the chunk's articles in order, on one core).
func idfTable(n, size int) *IDFs {
	t := &IDFs{small: make([]float64, min(n+1, size)), nf: float64(max(n, 1))}
	t.batch = math.Log(1 + 10/t.nf)
	for df := range t.small {
		t.small[df] = t.large(df)
	}
	return t
}

// Validate checks the options against a signature size.
func (o *Options) Validate(k int) error {
	if err := o.LSH.Validate(k); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"resemblance", o.Resemblance}, {"containment", o.Containment}, {"story threshold", o.StoryThreshold}} {
		if !(f.v > 0 && f.v <= 1) {
			return fmt.Errorf("cluster: %s %v must be in (0, 1]", f.name, f.v)
		}
	}
	if !(o.UnsharedWeight >= 0 && o.UnsharedWeight <= 1) {
		return fmt.Errorf("cluster: unshared weight %v must be in [0, 1]", o.UnsharedWeight)
	}
	if o.Window < 0 || o.TimeScale < 0 {
		return fmt.Errorf("cluster: negative time window or time scale")
	}
	return nil
}

// Assignment is what Group found for one article. Article numbers are
// indexes into the docs given to Group; -1 means none.
type Assignment struct {
	// Story is the number of the story's canonical article; all articles
	// of a story have the same Story.
	Story int
	// DupOf is the canonical of the article's near-duplicate group, or -1
	// when the article is that canonical or has no copies.
	DupOf int
	// Copies is, for the canonical of a near-duplicate group, the number of
	// copies in the group (0 when it has none).
	Copies int
	// StorySize is the number of articles in the story.
	StorySize int
	// Similarity is the similarity to SimilarTo: to the group canonical
	// for a copy (word-shingle evidence: the larger of Resemblance and
	// Containment), to the story canonical otherwise (story-level
	// evidence); 1 for the story canonical itself.
	Similarity float64
	SimilarTo  int
	// Resemblance and Containment are, for a copy, the estimated Jaccard
	// similarity and containment of word shingles with its canonical.
	Resemblance, Containment float64
	// Via is, for a copy that is not itself a verified copy of its
	// canonical, the member of the group it was found to copy (the chain
	// goes through it); -1 otherwise.
	Via int
	// Nearest is the most similar other article at the story level and
	// NearestSim that similarity, or -1 and 0 when no article came close.
	Nearest    int
	NearestSim float64
	// Reason says why the article was chosen as canonical of its story or
	// of its near-duplicate group; empty for other articles.
	Reason string
}

// Stats describe a Group run.
type Stats struct {
	Docs, Skipped   int
	DupCandidates   int // pairs checked for copying
	DupEdges        int // pairs found to be copies
	DupGroups       int // near-duplicate groups of two or more
	StoryCandidates int // pairs whose story-level similarity was computed
	StoryEdges      int // pairs linked at the story level
	Stories         int
	LSH             minhash.BucketStats
	SampleValues    int // distinct sampled shingles
	OversizedValues int // sampled shingles held by more than MaxBucket articles
}

// Group groups docs into near-duplicate groups and stories.
//
// It works in this order: candidate pairs of copies are found and
// verified; every article gets a vector of its telling words and pairs of
// articles with similar vectors are found; stories are built by average
// linkage over both kinds of links (copies count as strongly linked);
// near-duplicate groups are the articles linked by copying inside each
// story. A near-duplicate group therefore always lies inside one story.
// Finally every story and group gets its canonical.
func Group(docs []Doc, o Options) ([]Assignment, Stats, error) {
	if o.Terms != nil {
		defer o.Terms.Close()
	}
	g, err := newGrouper(docs, o)
	if err != nil {
		return nil, Stats{}, err
	}
	if err := g.run(); err != nil {
		return nil, Stats{}, err
	}
	g.assign()
	g.dropUnspilled()
	return g.out, g.st, nil
}

func newGrouper(docs []Doc, o Options) (*grouper, error) {
	for i := range docs {
		if docs[i].Skip == "" && len(docs[i].Sig) > 0 {
			if err := o.Validate(len(docs[i].Sig)); err != nil {
				return nil, err
			}
			break
		}
	}
	if o.Workers < 1 {
		o.Workers = 1
	}
	return &grouper{docs: docs, o: o, idfs: idfTable(o.N, 1<<22), occBudget: occBudget}, nil
}

// run groups the documents. With Options.Spill set, the story words are
// on disk while copies are found, the signatures and samples while
// stories are built, and the story words are dropped at the end.
func (g *grouper) run() error {
	g.order()
	terms := g.o.Terms
	if terms != nil {
		g.o.Spill = terms.dir
	} else if g.o.Spill != "" {
		var err error
		if terms, err = g.spillTerms(g.o.Spill); err != nil {
			return err
		}
	}
	g.release()
	g.findCopies()
	var sigs *spillFile
	if g.o.Spill != "" {
		var err error
		if sigs, err = g.spillCopyFeatures(g.o.Spill); err != nil {
			terms.Close()
			return err
		}
		g.release()
		if err := terms.load(g.docs, g.o.Workers); err != nil {
			sigs.close()
			return err
		}
	}
	g.stories()
	g.groups()
	g.storySims()
	if g.o.Spill != "" {
		g.vecs = nil
		for i := range g.docs {
			g.docs[i].Terms = nil
		}
		g.release()
		if err := g.unspillCopyFeatures(sigs); err != nil {
			return err
		}
	}
	return nil
}

// dropUnspilled, when features are spilled, drops the signatures and
// sampled values read back for assign, which was all that needed them.
func (g *grouper) dropUnspilled() {
	if g.o.Spill != "" {
		for i := range g.docs {
			g.docs[i].Sig, g.docs[i].Sample.Values = nil, nil
		}
	}
}

// release, when features are spilled, hands the memory the last stage
// freed back to the system before the next stage takes more: one kind
// of feature in one array per field replaces another, and the arrays
// freed are seldom where a new one fits.
func (g *grouper) release() {
	if g.o.Spill != "" {
		debug.FreeOSMemory()
	}
}

// grouper holds the state of one Group run.
type grouper struct {
	docs []Doc
	o    Options
	st   Stats

	rank []int32 // rank[i] is doc i's place in the preference order (0 = most preferred)
	byRk []int32 // byRk[r] is the doc of rank r

	copies       []edge         // verified copy links, sorted
	copyMeasures []measures     // what was measured of each of copies
	vw           [][]weightCode // vw[d][i]: weight of docs[d].Sample.Values[i] (nil: all 1)
	wt           []float64      // wt[c]: the weight of code c
	rkTime       []int64        // while copies are found: time<<1 | dated, by rank (see rankTimes)
	weights      *codeTable     // sampled shingle → its weight, when below 1 (see valueSpread)
	weighted     []uint64       // a filter in front of weights: bit v%weightedBits set for each of its keys
	vecs         []vec          // story vectors
	idfs         *IDFs          // IDF(o.N, ·)
	near         []int32        // most similar other document at the story level
	nearS        []float32      // and that similarity
	story        []int32        // story[i]: the story canonical of doc i
	center       []int32        // center[i]: the canonical of i's near-duplicate group
	via          []int32        // the member a copy was found to copy, when not its center
	out          []Assignment
	simTo        []float64 // story-level similarity to the story canonical, for articles not copies

	// What spilled features take, to read them back into one array each.
	sigVals, sampleVals, codeVals int
	needed                        []bool // needed[i]: doc i gets its spilled features back (see featuresNeeded)

	occBudget int // see occRounds
}
