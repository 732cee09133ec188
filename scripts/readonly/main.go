// Command readonly reads every record of its inputs with samestory's
// reader and decodes it, and prints how many records it read: the
// baseline that scripts/bench.sh compares `samestory cluster` with.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/samestory/samestory/article"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	r, err := article.NewReader(args, strings.NewReader(""), article.Options{
		OnProblem: func(article.Pos, error) error { return nil },
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "readonly:", err)
		return 1
	}
	defer r.Close()
	n, bad, bytes := 0, 0, 0
	err = r.Each(true, func(rec *article.Record) error {
		n++
		if rec.Err != nil {
			bad++
		}
		bytes += len(rec.Article.Text) + len(rec.Article.Title)
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "readonly:", err)
		return 1
	}
	fmt.Printf("%d records (%d unusable), %d bytes of text\n", n, bad, bytes)
	return 0
}
