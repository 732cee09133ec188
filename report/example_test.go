package report_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/samestory/samestory/report"
)

// clustered is the output of samestory cluster for four articles: a, its
// copy b and the follow-up c are one story; d is a story of its own.
const clustered = `{"id":"a","title":"Quake hits the coast","source":"wire","published":"2024-05-01T08:00:00Z","text":"A strong quake hit the coast on Wednesday morning.","samestory":{"id":"a","story":"a","story_size":3,"canonical":true,"duplicate_of":null,"copies":1,"similarity":1,"similar_to":"a","reason":"earliest published: 2024-05-01T08:00:00Z"}}
{"id":"b","title":"Quake hits coast","source":"daily","published":"2024-05-01T09:30:00Z","samestory":{"id":"b","story":"a","story_size":3,"canonical":false,"duplicate_of":"a","similarity":0.93,"similar_to":"a","resemblance":0.88,"containment":0.93}}
{"id":"c","title":"Rescue teams reach the coast","source":"herald","published":"2024-05-02T07:00:00Z","samestory":{"id":"c","story":"a","story_size":3,"canonical":false,"duplicate_of":null,"similarity":0.41,"similar_to":"a"}}
{"id":"d","title":"Election results","source":"wire","published":"2024-05-01T12:00:00Z","samestory":{"id":"d","story":"d","story_size":1,"canonical":true,"duplicate_of":null,"similarity":1,"similar_to":"d","reason":"only article in its story"}}
`

// Example reads cluster output and lists its stories, largest first.
func Example() {
	r, err := report.Read(strings.NewReader(clustered), "clustered.jsonl", report.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := r.Summary
	fmt.Printf("%d articles, %d stories, %d duplicate group, duplicate rate %.0f%%\n", s.Articles, s.Stories, s.Groups, 100*s.DuplicateRate)
	for _, st := range r.Stories {
		fmt.Printf("%d. %s (%d articles; %s; %s)\n", st.Rank, st.Title, st.Size, strings.Join(st.Outlets, ", "), st.Reason)
		for _, m := range st.Members {
			role := "same story"
			switch {
			case m.Canonical:
				role = "canonical"
			case m.DuplicateOf != "":
				role = "copy of " + m.DuplicateOf
			}
			fmt.Printf("   %s %s %-6s %s\n", m.ID, m.Time.Format("Jan 2 15:04"), m.Source, role)
		}
	}
	// Output:
	// 4 articles, 2 stories, 1 duplicate group, duplicate rate 25%
	// 1. Quake hits the coast (3 articles; wire, daily, herald; earliest published: 2024-05-01T08:00:00Z)
	//    a May 1 08:00 wire   canonical
	//    b May 1 09:30 daily  copy of a
	//    c May 2 07:00 herald same story
	// 2. Election results (1 articles; wire; only article in its story)
	//    d May 1 12:00 wire   canonical
}

// ExampleBuilder builds a report from records as they are written
// elsewhere (here, copied to standard output), as samestory cluster
// --report does; then writes it as JSON Lines, one story per line.
func ExampleBuilder() {
	b := report.NewBuilder("output", report.Options{Snippet: -1})
	if _, err := io.Copy(io.MultiWriter(io.Discard, b), strings.NewReader(clustered)); err != nil {
		fmt.Println(err)
		return
	}
	r, err := b.Report()
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := r.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"rank":1,"story":"a","anchor":"s-a","size":3,"title":"Quake hits the coast","reason":"earliest published: 2024-05-01T08:00:00Z","outlets":["wire","daily","herald"],"first":"2024-05-01T08:00:00Z","last":"2024-05-02T07:00:00Z","duplicate_groups":1,"copies":1,"members":[{"id":"a","title":"Quake hits the coast","source":"wire","published":"2024-05-01T08:00:00Z","canonical":true,"copies":1,"similarity":1,"similar_to":"a","reason":"earliest published: 2024-05-01T08:00:00Z"},{"id":"b","title":"Quake hits coast","source":"daily","published":"2024-05-01T09:30:00Z","canonical":false,"duplicate_of":"a","similarity":0.93,"similar_to":"a","resemblance":0.88,"containment":0.93},{"id":"c","title":"Rescue teams reach the coast","source":"herald","published":"2024-05-02T07:00:00Z","canonical":false,"similarity":0.41,"similar_to":"a"}]}
	// {"rank":2,"story":"d","anchor":"s-d","size":1,"title":"Election results","reason":"only article in its story","outlets":["wire"],"first":"2024-05-01T12:00:00Z","last":"2024-05-01T12:00:00Z","duplicate_groups":0,"copies":0,"members":[{"id":"d","title":"Election results","source":"wire","published":"2024-05-01T12:00:00Z","canonical":true,"similarity":1,"similar_to":"d","reason":"only article in its story"}]}
}
