// Package samestory finds near-duplicate news articles and groups the
// articles that cover the same event into stories, marking one canonical
// article in each. It is the pipeline that joins the pieces, in the order
// data flows through them:
//
//	read (article) → normalise, drop boilerplate, shingle (shingle)
//	→ sign, bucket (minhash) → verify, group, choose canonical (cluster)
//	→ write (article)
//
// A run reads its inputs twice. The first pass computes compact features
// for every article (a MinHash signature, a shingle sample, its most
// telling words), in chunks, so that only one chunk of text is in memory
// at a time; the grouping then works on features alone; the second pass
// reads the inputs again and writes every record, unchanged, with what
// samestory found added under the key "samestory". Standard input is
// spooled to a temporary file for the second pass.
//
// Output depends only on the inputs and the configuration: not on the
// number of goroutines, and not on the order in which the files of a
// folder are listed.
package samestory

import (
	"fmt"
	"time"

	"github.com/samestory/samestory/article"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/shingle"
)

// Config is the configuration of a run. Start from DefaultConfig.
type Config struct {
	Read article.Options

	// Shingle says which shingles signatures are made of.
	Shingle shingle.Spec
	// SignatureSize is the number of MinHash values per article, and Seed
	// the seed of the hash family.
	SignatureSize int
	Seed          uint64
	// Sketch is how signatures are computed: "oph" (one-permutation
	// hashing with densification, one hash per shingle) or "minhash" (k
	// hash functions per shingle, the classic scheme; as accurate, much
	// slower). See minhash.NewOnePermutation.
	Sketch string
	// SampleSize is the most shingles kept in an article's consistent
	// sample (for containment).
	SampleSize int

	// BoilerplateRepeat is how many articles a short line must occur in
	// to count as boilerplate (0 turns the rule off), and BoilerplateWords
	// the longest line, in words, that can be boilerplate.
	BoilerplateRepeat int
	BoilerplateWords  int

	// Shingles held by more than CommonMin texts, or by more than the
	// share CommonShare of all texts if that is more, are formulas rather
	// than content, and are left out of signatures. They are counted in a
	// count-min sketch of 2 rows of 2^CommonBits 32-bit counters
	// (8·2^CommonBits bytes: 32 MiB at 22 bits).
	CommonMin   int
	CommonShare float64
	CommonBits  int

	// StoryTerms is the most content words (those some other article
	// has too) kept per article for the story level. TitleWeight and
	// LeadWeight are how much more a word of the title (or, for a record
	// without one, of a short first line), or of the first LeadWords words
	// of the text, counts.
	StoryTerms  int
	TitleWeight float64
	LeadWeight  float64
	LeadWords   int
	// NameWeight is how much more a proper name (a word capitalised
	// mid-sentence) counts, and NumberWeight how much more a number or a
	// weekday or month name does: what tells two similar events apart.
	NameWeight   float64
	NumberWeight float64

	// UniqueIDs makes a repeated id unique ("id#2", "id#3", ...) instead
	// of rejecting the record; the record itself is written unchanged,
	// its samestory id being the unique one.
	UniqueIDs bool

	// Incremental says that the articles will be grouped again, with
	// articles of later runs (see Job.SetHistory): words that no article
	// shares yet are kept among an article's StoryTerms, since a later
	// article may share them. Runs that build an index set it.
	Incremental bool

	// AnalyseBytes is how much of an article's text (and title) is
	// analysed: the first AnalyseBytes bytes. News articles are far
	// shorter; the limit keeps a monster record (a dump, a book) from
	// needing memory many times its size. The record is still written
	// whole. 0 means no limit.
	AnalyseBytes int

	// Cluster configures grouping. Its DF, N and Workers are set by the
	// run.
	Cluster cluster.Options

	// Workers is how many goroutines compute features and verify
	// candidates; ≤ 0 means 1.
	Workers int
	// ChunkArticles and ChunkBytes bound how many articles, and how many
	// bytes of their text, are held at once in the first pass. Word
	// rarity and boilerplate are measured over all chunks read so far, so
	// corpora that fit in one chunk are measured exactly.
	ChunkArticles int
	ChunkBytes    int
}

// DefaultConfig returns the configuration samestory uses unless told
// otherwise.
func DefaultConfig() Config {
	const k = 128
	return Config{
		Shingle:           shingle.Spec{Kind: shingle.Word, N: 3},
		SignatureSize:     k,
		Seed:              1,
		Sketch:            "oph",
		SampleSize:        128,
		BoilerplateRepeat: 5,
		BoilerplateWords:  12,
		CommonMin:         100,
		CommonShare:       0.002,
		CommonBits:        22,
		StoryTerms:        128,
		AnalyseBytes:      1 << 20,
		TitleWeight:       2,
		LeadWeight:        1.5,
		LeadWords:         50,
		NameWeight:        5,
		NumberWeight:      2,
		Cluster:           cluster.DefaultOptions(k),
		Workers:           1,
		ChunkArticles:     20_000,
		ChunkBytes:        32 << 20,
	}
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	if err := c.Shingle.Validate(); err != nil {
		return err
	}
	if c.SignatureSize < 1 {
		return fmt.Errorf("samestory: signature size %d < 1", c.SignatureSize)
	}
	if c.Sketch != "oph" && c.Sketch != "minhash" {
		return fmt.Errorf("samestory: sketch %q: want oph or minhash", c.Sketch)
	}
	if c.SampleSize < 1 {
		return fmt.Errorf("samestory: sample size %d < 1", c.SampleSize)
	}
	if c.StoryTerms < 1 {
		return fmt.Errorf("samestory: story terms %d < 1", c.StoryTerms)
	}
	if c.ChunkArticles < 1 || c.ChunkBytes < 1 {
		return fmt.Errorf("samestory: chunk limits must be positive")
	}
	return c.Cluster.Validate(c.SignatureSize)
}

// Summary counts what a run did.
type Summary struct {
	Read     int            // records read
	Written  int            // records written
	Rejected int            // records that could not be used, by reason below
	Reasons  map[string]int // rejection reason → records
	Skipped  int            // articles written but not grouped (no text)
	Undated  int            // articles written without a usable date (grouped without the time window)
	NoText   int            // articles read without a text, a title at most
	BadDates int            // articles whose date could not be used
	Renamed  int            // repeated ids made unique (Config.UniqueIDs)
	Problems int            // inputs or parts of inputs that held no records

	// The groups and stories of the articles this run writes: with a
	// history (SetHistory), those that hold at least one of them; their
	// sizes count the history's articles too.
	DupGroups int // near-duplicate groups of two or more
	Copies    int // articles that are copies of another
	Stories   int
	Largest   int // articles in the largest story

	Cluster cluster.Stats
	Elapsed time.Duration
}
