// Package report turns the output of samestory cluster into reports people
// read: one self-contained HTML page, Markdown, or JSON Lines with one
// object per story.
//
// It exists because reports are a concern of their own, apart from finding
// copies and stories: a report is read from cluster output (each record
// with its "samestory" object), never from the pipeline's internals, so it
// can be made from any clustered file long after the run, or from the
// records as a run writes them ([Builder] is an [io.Writer]). Only the small
// parts of each record are kept (ids, title, a short snippet, source, URL,
// date and the annotation), never whole texts, so a report of a large
// corpus needs little memory.
//
// A [Report] holds a summary (articles, stories, duplicate groups, copies,
// duplicate rate, per-source counts), articles per day (or week, or
// month), story sizes, and the stories sorted by size and then by recency,
// each with its members. [Report.WriteHTML], [Report.WriteMarkdown] and
// [Report.WriteJSON] write it.
package report

import (
	"fmt"
	"time"

	"github.com/samestory/samestory/article"
)

// DefaultSnippet is the length, in characters, of the text snippet kept
// for each article when Options.Snippet is 0.
const DefaultSnippet = 100

// Options say how records are read and what a report shows.
type Options struct {
	// Fields names the JSON fields the title, text, date, source and URL
	// are read from, as for samestory cluster; empty names mean the usual
	// ones (article.Candidates). The article's id is always the one in
	// its "samestory" object.
	Fields article.Fields
	// Layouts are the date layouts to try; none means
	// article.DefaultLayouts.
	Layouts []string
	// Snippet is how many characters of each article's text (after its
	// title) are kept to show under the title: 0 means DefaultSnippet, a
	// negative number none.
	Snippet int
	// Title heads the report; "" means "samestory report".
	Title string
	// Input names what the report was made from, as shown in it; ""
	// means the name given to Read or NewBuilder.
	Input string
}

// Member is one article of a story.
type Member struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Snippet string    `json:"snippet,omitempty"`
	Source  string    `json:"source,omitempty"`
	URL     string    `json:"url,omitempty"`
	Time    time.Time `json:"published,omitzero"` // UTC; zero when undated
	// Canonical is true for the story's canonical article.
	Canonical bool `json:"canonical"`
	// DuplicateOf is the canonical of this article's near-duplicate group
	// when the article is a copy; Via the member it was found to copy,
	// when that is another one.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Via         string `json:"via,omitempty"`
	// Copies counts the copies of a near-duplicate group's canonical.
	Copies      int     `json:"copies,omitempty"`
	Similarity  float64 `json:"similarity"`
	SimilarTo   string  `json:"similar_to,omitempty"`
	Resemblance float64 `json:"resemblance,omitempty"`
	Containment float64 `json:"containment,omitempty"`
	// Nearest is the most similar other article at the story level.
	Nearest    string  `json:"nearest,omitempty"`
	NearestSim float64 `json:"nearest_similarity,omitempty"`
	// Reason says why a canonical (of the story or of a group) was chosen.
	Reason string `json:"reason,omitempty"`
	// Skipped says why the article was not grouped.
	Skipped string `json:"skipped,omitempty"`

	story string // the story id
	line  int    // input line
}

// Story is one story: its canonical article first, then the others.
type Story struct {
	Rank int    `json:"rank"`  // 1-based position in the report
	ID   string `json:"story"` // the story's id (its canonical's id)
	// Anchor is the story's HTML id ("s-" and its id, made safe).
	Anchor string `json:"anchor"`
	Size   int    `json:"size"`
	// Title is the canonical's title (or, when it has none, the start of
	// its text, or its id).
	Title string `json:"title"`
	// Reason says why the canonical was chosen.
	Reason string `json:"reason,omitempty"`
	// Outlets are the sources of the members, the earliest first.
	Outlets []string `json:"outlets"`
	// First and Last are the earliest and latest publication times of the
	// dated members; Undated counts the others.
	First   time.Time `json:"first,omitzero"`
	Last    time.Time `json:"last,omitzero"`
	Undated int       `json:"undated,omitempty"`
	// Groups counts the near-duplicate groups (of two or more) in the
	// story, Copies the articles that are copies of another.
	Groups  int      `json:"duplicate_groups"`
	Copies  int      `json:"copies"`
	Members []Member `json:"members"`
}

// Source is what one outlet published.
type Source struct {
	Name     string `json:"source"` // "" for articles without a source
	Articles int    `json:"articles"`
	Copies   int    `json:"copies"` // of its articles, how many are copies
	// DuplicateRate is Copies / Articles.
	DuplicateRate float64 `json:"duplicate_rate"`
	// Stories counts the stories of two or more articles it covered;
	// Canonicals those where its article is the canonical.
	Stories    int `json:"stories"`
	Canonicals int `json:"canonicals"`
}

// Summary holds the report's totals.
type Summary struct {
	Articles int `json:"articles"`
	Stories  int `json:"stories"`
	// Multi counts the stories of two or more articles, InMulti the
	// articles in them.
	Multi   int `json:"multi_article_stories"`
	InMulti int `json:"articles_in_multi_article_stories"`
	// Groups counts the near-duplicate groups of two or more articles,
	// Copies the articles that are copies of another; DuplicateRate is
	// Copies / Articles.
	Groups        int     `json:"duplicate_groups"`
	Copies        int     `json:"copies"`
	DuplicateRate float64 `json:"duplicate_rate"`
	Largest       int     `json:"largest_story"`
	// Undated counts the articles without a usable date, Skipped those
	// samestory did not group (no text).
	Undated int       `json:"undated"`
	Skipped int       `json:"skipped"`
	First   time.Time `json:"first,omitzero"`
	Last    time.Time `json:"last,omitzero"`
	// Sources are the outlets, the largest first.
	Sources []Source `json:"sources"`
	// ChangeRecords counts the records left out because they are not
	// articles of the batch: those "cluster --index DIR --emit-changes"
	// writes after the new records, one per earlier article whose story
	// id or canonical changed (told apart by samestory.change). They are
	// in none of the other figures.
	ChangeRecords int `json:"change_records,omitempty"`
}

// Bucket is one bar of the timeline: the articles published in the day,
// week or month that starts at Start.
type Bucket struct {
	Start    time.Time `json:"start"`
	Articles int       `json:"articles"`
	Copies   int       `json:"copies"`
}

// SizeBin counts the stories whose size lies in [Min, Max]; Max ≤ 0
// means no upper bound (the last bin).
type SizeBin struct {
	Min, Max int
	Stories  int
	Articles int
}

// Label is "3" for a single size, "6–10" for a range, "101+" for the last.
func (b SizeBin) Label() string {
	switch {
	case b.Min == b.Max:
		return fmt.Sprint(b.Min)
	case b.Max <= 0:
		return fmt.Sprintf("%d+", b.Min)
	}
	return fmt.Sprintf("%d–%d", b.Min, b.Max)
}

// Report is everything a report shows.
type Report struct {
	Title   string
	Input   string
	Summary Summary
	// Unit is the span of a timeline bucket: "day", "week" (starting on
	// Monday) or "month".
	Unit     string
	Timeline []Bucket
	Sizes    []SizeBin
	// Stories are sorted by size (largest first), then by their latest
	// publication (most recent first, undated last), then by id.
	Stories []Story
}
