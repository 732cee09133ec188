package main

import (
	"io"

	"github.com/samestory/samestory"
)

func runDedup(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	f := newRunFlags("dedup", "samestory dedup [flags] INPUT...",
		`Runs the same grouping as "samestory cluster" but writes only one article per
near-duplicate group (its canonical), or with --per story one per story, each
unchanged plus the "samestory" object: a stream to feed an indexer.

Example:
  samestory dedup -o today.jsonl crawl.jsonl.gz
  samestory dedup --per story --canonical fullest crawl.jsonl.gz > stories.jsonl`)
	per := f.fs.String("per", "group", "keep one article per `unit`: group (near-duplicate group) or story")
	return f.runWith(args, stdin, stdout, stderr, func() (samestory.Filter, bool) {
		switch *per {
		case "group":
			return samestory.NotCopies, true
		case "story":
			return samestory.StoryCanonicals, true
		}
		return nil, false
	})
}
