package index

import (
	"fmt"
	"slices"

	"github.com/samestory/samestory/cluster"
)

// Kinds of Change.
const (
	// Merged: the article's story merged into an older one; Story is the
	// older story's id, PreviousStory the retired one.
	Merged = "merged"
	// Canonical: the article's story kept its id but has another
	// canonical article.
	Canonical = "canonical"
	// Split: the article's story was split by the grouping (which the
	// pipeline is meant never to do); the part without the story's
	// oldest article gets another id.
	Split = "split"
)

// Change is an article indexed by an earlier run whose story id, or whose
// story's canonical, this run changes.
type Change struct {
	Doc  int    // position in Update.Docs
	ID   string // article id
	Kind string // Merged, Canonical or Split

	Story         string
	PreviousStory string
	// MergedFrom are the ids of all stories this run merged into Story,
	// oldest first (for Merged).
	MergedFrom []string
	// StoryCanonical is the id of the canonical of Story now, and
	// PreviousCanonical that of the article's story before.
	StoryCanonical    string
	PreviousCanonical string
	StorySize         int
	DupOf             string // id of its near-duplicate group canonical now, or ""
}

// Update is the state a run leaves: Plan computes it from the grouping,
// Commit stores it.
type Update struct {
	// First is the position in Docs of the first new article; Docs[:First]
	// are the indexed articles loaded (State.Docs).
	First int
	Docs  []cluster.Doc
	// StoryIDs[i] is the (stable) story id of Docs[i], and DupOf[i] the
	// id of the canonical of its near-duplicate group, or "".
	StoryIDs []string
	DupOf    []string
	// Changes are the earlier articles whose story id or story canonical
	// changed, in first-seen order.
	Changes []Change

	NewStories       int // stories with a new id
	Merges           int // story ids retired by merging into an older story
	CanonicalChanges int // stories that kept their id and changed canonical
	Splits           int // stories split (never, if the grouping keeps old stories whole)
	Articles         int // articles in the index after the run
	Stories          int // stories in the index after the run

	stories   []*Story // every story after the run
	retired   []string // ids merged into others
	nextStory uint64
	base      *State
}

// Plan turns the grouping of a run into the index's next state: docs are
// the indexed articles loaded (st.Docs, in order) followed by the new
// ones from position first on, and as their assignments (cluster.Group's
// result over all of them). The stories of the indexed articles not
// loaded stay as they are.
//
// Every story of the result gets an id: a story holding no indexed
// article gets a new one; a story holding articles of one indexed story
// keeps its id; a story holding articles of several keeps the id of the
// oldest (lowest creation number) and the others are retired, reported
// as merged. New ids are given in the order of the stories' first
// articles, so a run is deterministic.
func Plan(st *State, docs []cluster.Doc, as []cluster.Assignment, first int) (*Update, error) {
	if first != len(st.Docs) || first > len(docs) || len(as) != len(docs) {
		return nil, fmt.Errorf("index: plan: %d indexed articles loaded, %d docs from %d on, %d assignments", len(st.Docs), len(docs), first, len(as))
	}
	// A loaded story must be loaded whole.
	loaded := make(map[string]int)
	for _, id := range st.Story {
		loaded[id]++
	}
	for id, n := range loaded {
		if n != st.Stories[id].Size {
			return nil, fmt.Errorf("index: plan: %d of the %d articles of story %s loaded", n, st.Stories[id].Size, id)
		}
	}
	for i := range first {
		if docs[i].ID != st.Docs[i].ID {
			return nil, fmt.Errorf("index: plan: document %d is %q, the index has %q", i, docs[i].ID, st.Docs[i].ID)
		}
	}
	for i := first; i < len(docs); i++ {
		if st.Has(docs[i].ID) {
			return nil, fmt.Errorf("index: plan: new article %q is already indexed", docs[i].ID)
		}
	}
	n := len(docs)
	// The stories of the result, in the order of their first articles.
	var roots []int
	members := make(map[int][]int)
	for i := range as {
		r := as[i].Story
		if r < 0 || r >= n || as[r].Story != r {
			return nil, fmt.Errorf("index: plan: article %d: story canonical %d is not its own canonical", i, r)
		}
		if _, ok := members[r]; !ok {
			roots = append(roots, r)
		}
		members[r] = append(members[r], i)
	}
	slices.SortFunc(roots, func(a, b int) int { return members[a][0] - members[b][0] })

	u := &Update{First: first, Docs: docs, StoryIDs: make([]string, n), DupOf: make([]string, n),
		nextStory: st.NextStory, base: st}
	claimed := make(map[string]bool)
	mergedFrom := make(map[int][]string) // root → ids merged into its story
	for _, r := range roots {
		var olds []string
		for _, m := range members[r] {
			if m >= first {
				break // members are ascending; new articles come last
			}
			id := st.Story[m]
			if !slices.Contains(olds, id) {
				olds = append(olds, id)
			}
		}
		slices.SortFunc(olds, func(a, b string) int {
			sa, sb := st.Stories[a].Seq, st.Stories[b].Seq
			switch {
			case sa < sb:
				return -1
			case sa > sb:
				return 1
			}
			return 0
		})
		// An indexed story found in an earlier story of the result was
		// split: this part does not keep its id.
		kept := olds[:0]
		for _, id := range olds {
			if claimed[id] {
				u.Splits++
				continue
			}
			kept = append(kept, id)
		}
		olds = kept
		var id string
		if len(olds) == 0 {
			id = StoryID(u.nextStory)
			u.stories = append(u.stories, &Story{ID: id, Seq: u.nextStory})
			u.nextStory++
			u.NewStories++
		} else {
			id = olds[0]
			u.stories = append(u.stories, &Story{ID: id, Seq: st.Stories[id].Seq})
			if len(olds) > 1 {
				mergedFrom[r] = slices.Clone(olds[1:])
				u.retired = append(u.retired, olds[1:]...)
				u.Merges += len(olds) - 1
			}
		}
		for _, o := range olds {
			claimed[o] = true
		}
		s := u.stories[len(u.stories)-1]
		s.Canonical = docs[r].ID
		s.Size = len(members[r])
		if prev := st.Stories[id]; len(olds) > 0 && prev.Canonical != s.Canonical {
			u.CanonicalChanges++
		}
		for _, m := range members[r] {
			u.StoryIDs[m] = id
		}
	}
	u.Articles = st.Articles + len(docs) - first
	u.Stories = len(st.Stories) - len(u.retired) + u.NewStories
	for i := range as {
		if d := as[i].DupOf; d >= 0 {
			u.DupOf[i] = docs[d].ID
		}
	}

	// The earlier articles whose story id or story canonical changed.
	for i := range first {
		prev, now := st.Story[i], u.StoryIDs[i]
		r := as[i].Story
		c := Change{Doc: i, ID: docs[i].ID, Story: now, PreviousStory: prev,
			StoryCanonical: docs[r].ID, PreviousCanonical: st.Stories[prev].Canonical,
			StorySize: len(members[r]), DupOf: u.DupOf[i]}
		switch {
		case prev != now && slices.Contains(mergedFrom[r], prev):
			c.Kind = Merged
			c.MergedFrom = mergedFrom[r]
		case prev != now:
			c.Kind = Split
		case c.StoryCanonical != c.PreviousCanonical:
			c.Kind = Canonical
		default:
			continue
		}
		u.Changes = append(u.Changes, c)
	}
	return u, nil
}

// StoryOf returns the story record of a story id after the update, or
// nil.
func (u *Update) StoryOf(id string) *Story {
	for _, s := range u.stories {
		if s.ID == id {
			return s
		}
	}
	return nil
}
