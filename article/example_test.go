package article_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/samestory/samestory/article"
)

func ExampleNewReader() {
	in := strings.NewReader(`{"id":"a1","title":"First","date":"2015-03-04T10:00:00+02:00"}` + "\n" +
		"\n" +
		`{"_id":42,"headline":"Second"}` + "\n")
	r, err := article.NewReader([]string{"-"}, in, article.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	err = r.Each(true, func(rec *article.Record) error {
		if rec.Err != nil {
			fmt.Println(rec.Pos, "rejected:", rec.Err)
			return nil
		}
		a := rec.Article
		date := "undated"
		if !a.Published.IsZero() {
			date = a.Published.Format("2006-01-02 15:04 MST")
		}
		fmt.Println(rec.Seq, rec.Pos, a.ID, a.Title, date)
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// 0 -:1 a1 First 2015-03-04 08:00 UTC
	// 1 -:3 42 Second undated
}
