// Command regroup groups every article of a samestory index again, in one
// go, from the features the index stores (computed batch by batch), and
// writes one line per article, {"samestory":{"id":…,"story":…}} with the
// id of its story's canonical as the story. With -free every article
// starts as a story of its own (nothing is kept whole); otherwise the
// index's stories are kept whole, as a run does. The index is not
// changed. scripts/daily-batches.sh uses it to tell apart where an
// incremental partition differs from a single run's.
//
//	go run ./scripts/regroup [-free] DIR > regrouped.jsonl
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/samestory/samestory"
	"github.com/samestory/samestory/index"
)

func main() {
	free := flag.Bool("free", false, "start from one story per article instead of the index's stories")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: regroup [-free] DIR")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *free); err != nil {
		fmt.Fprintln(os.Stderr, "regroup:", err)
		os.Exit(1)
	}
}

func run(dir string, free bool) error {
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer ix.Close()
	st, err := ix.Load(nil)
	if err != nil {
		return err
	}
	blob, err := ix.Corpus()
	if err != nil {
		return err
	}
	corpus := new(samestory.Corpus)
	if err := corpus.UnmarshalBinary(blob); err != nil {
		return err
	}
	labels := st.Labels()
	if free {
		for i := range labels {
			labels[i] = int32(i)
		}
	}
	// The index's settings are the defaults unless told otherwise; this
	// tool is for indexes built with the defaults.
	cfg := samestory.DefaultConfig()
	cfg.Incremental = true
	cfg.Workers = runtime.GOMAXPROCS(0)
	if want, have := index.SettingsOf(&cfg), st.Settings; len(have) > 0 {
		for _, s := range want {
			if v, _ := have.Get(s.Name); v != s.Value {
				return fmt.Errorf("index %s was not built with the default settings (%s)", dir, s.Describe())
			}
		}
	}
	// A job with no new articles: an empty input.
	empty := filepath.Join(os.TempDir(), fmt.Sprintf("regroup-%d.jsonl", os.Getpid()))
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		return err
	}
	defer os.Remove(empty)
	job, err := samestory.NewJob(cfg, []string{empty}, nil)
	if err != nil {
		return err
	}
	defer job.Close()
	if err := job.SetHistory(&samestory.History{Docs: st.Docs, Stories: labels, Corpus: corpus}); err != nil {
		return err
	}
	res, err := job.Group(context.Background())
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	type rec struct {
		ID    string `json:"id"`
		Story string `json:"story"`
	}
	for i := range res.Docs {
		if err := enc.Encode(map[string]rec{"samestory": {res.Docs[i].ID, res.Docs[res.Assign[i].Story].ID}}); err != nil {
			return err
		}
	}
	return w.Flush()
}
