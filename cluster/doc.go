// Package cluster groups articles at two levels: near-duplicate copies of
// one text, and stories (articles on the same event, written separately).
// It verifies the candidate pairs that signatures and shared vocabulary
// suggest, builds groups that resist chaining, and picks a canonical
// article for every group with the reason for the choice.
//
// The package works on compact per-article features ([Doc]), never on
// article text, so that memory grows with the number of articles and not
// with their length.
package cluster

import (
	"github.com/samestory/samestory/minhash"
)

// Doc holds what grouping needs to know about one article.
type Doc struct {
	ID     string
	Source string
	// Time is the publication time in Unix seconds; valid when Dated.
	Time  int64
	Dated bool
	// Words counts the article's content words, boilerplate left out: how
	// full the article is.
	Words int
	// Sig is the MinHash signature of the article's word shingles, and
	// Shingles the number of distinct shingles behind it.
	Sig      []uint32
	Shingles int
	// Sample is a consistent sample of the same shingles, for containment.
	// Its values are sorted, as minhash.NewSample makes them; Group sorts
	// them in place when they are not (and so must not share them between
	// documents then).
	Sample minhash.Sample
	// Terms are the article's most telling content words (stems) with
	// their weight in the article before corpus rarity is applied. A
	// hash listed more than once counts as one word with the sum of the
	// weights.
	Terms []Term
	// Rest is the squared weight (term weight times rarity) of the
	// article's words left out of Terms, so that a story vector has the
	// length of the whole article's vector: words no other article shares
	// still make an article less similar to others.
	Rest float32
	// Skip, when not empty, says why the article is not grouped (for
	// instance "no text"); it then forms a story of its own.
	Skip string
}

// Term is a content word of an article: the hash of its stem and its
// weight in the article (term frequency, damped, with words of the title
// and lead counted more).
type Term struct {
	Hash   uint32
	Weight float32
}

// Policy says how the canonical of a group is chosen.
type Policy int

const (
	// Auto prefers the earliest published article when articles have
	// dates, and the fullest otherwise.
	Auto Policy = iota
	// Earliest prefers the earliest published article; undated articles
	// come after dated ones.
	Earliest
	// Fullest prefers the article with the most content words.
	Fullest
)

// ParsePolicy parses "auto", "earliest" or "fullest".
func ParsePolicy(s string) (Policy, bool) {
	switch s {
	case "auto", "":
		return Auto, true
	case "earliest":
		return Earliest, true
	case "fullest":
		return Fullest, true
	}
	return 0, false
}

func (p Policy) String() string {
	switch p {
	case Earliest:
		return "earliest"
	case Fullest:
		return "fullest"
	}
	return "auto"
}
