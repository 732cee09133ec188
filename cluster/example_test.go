package cluster_test

import (
	"fmt"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/samestory/samestory/cluster"
	"github.com/samestory/samestory/minhash"
)

// features returns the grouping features of a short text: word pairs as
// shingles, and its words of more than three letters as terms.
func features(h *minhash.Hasher, id, text string) cluster.Doc {
	words := strings.Fields(text)
	var shingles []uint64
	for i := 1; i < len(words); i++ {
		shingles = append(shingles, xxhash.Sum64String(words[i-1]+" "+words[i]))
	}
	d := cluster.Doc{
		ID:       id,
		Words:    len(words),
		Sig:      h.Sign(nil, shingles),
		Shingles: len(shingles),
		Sample:   minhash.NewSample(nil, shingles, h.Size()),
	}
	seen := map[string]bool{}
	for _, w := range words {
		if len(w) > 3 && !seen[w] {
			seen[w] = true
			d.Terms = append(d.Terms, cluster.Term{Hash: uint32(xxhash.Sum64String(w)), Weight: 1})
		}
	}
	return d
}

func ExampleGroup() {
	h, err := minhash.New(128, 1)
	if err != nil {
		panic(err)
	}
	budget := "the city council approved the new budget for public schools on monday after a long debate"
	docs := []cluster.Doc{
		features(h, "wire-1", budget),
		features(h, "storm-1", "a winter storm closed the coastal highway and cut power to thousands of homes"),
		features(h, "paper-7", budget),
	}
	o := cluster.DefaultOptions(h.Size())
	o.Policy = cluster.Earliest
	// Without dates the earliest policy falls back to the fullest text,
	// and on a tie to the smallest id.
	as, st, err := cluster.Group(docs, o)
	if err != nil {
		panic(err)
	}
	id := func(i int) string {
		if i < 0 {
			return "-"
		}
		return docs[i].ID
	}
	for i, a := range as {
		fmt.Printf("%s story=%s duplicate_of=%s\n", docs[i].ID, id(a.Story), id(a.DupOf))
	}
	fmt.Printf("%d stories, %d near-duplicate group\n", st.Stories, st.DupGroups)
	fmt.Println(as[2].Reason)
	// Output:
	// wire-1 story=paper-7 duplicate_of=paper-7
	// storm-1 story=storm-1 duplicate_of=-
	// paper-7 story=paper-7 duplicate_of=-
	// 2 stories, 1 near-duplicate group
	// tied on date and fullness (16 words); smallest id
}
