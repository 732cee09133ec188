package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory/index"
)

const indexUsage = `Usage:
  samestory index stats  [--json] [--runs N] DIR
  samestory index export [-o FILE] DIR
  samestory index check  DIR

An index is what "samestory cluster --index DIR" keeps between runs: the
features of every article indexed (not its text), its story, the corpus
statistics and the settings, in one file, DIR/samestory.db.

  stats   articles, stories, size on disk, settings and the last runs
  export  every article's current assignment, as JSON Lines in first-seen
          order: {"id":…,"samestory":{"id":…,"story":…,"story_size":N,
          "canonical":bool,"story_canonical":…,"duplicate_of":…|null}}
          ("samestory eval" reads it as it reads cluster output)
  check   check that the index is consistent (exit code 1 if not)

These wait up to half a second for a running "cluster --index" to finish
with the index, then fail.
`

func runIndex(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, indexUsage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, indexUsage)
		return exitOK
	case "stats":
		return runIndexStats(args[1:], stdout, stderr)
	case "export":
		return runIndexExport(args[1:], stdout, stderr)
	case "check":
		return runIndexCheck(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "samestory index: unknown subcommand %q (want stats, export or check)\n\n%s", args[0], indexUsage)
	return exitUsage
}

// indexFlags parses the flags of an index subcommand, which takes one
// DIR. It returns the exit code to stop with, or -1 to go on.
func indexFlags(fs *pflag.FlagSet, args []string, stdout, stderr io.Writer) (string, int) {
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), indexUsage)
		if fl := fs.FlagUsages(); fl != "" {
			fmt.Fprint(fs.Output(), "\nFlags:\n"+fl)
		}
	}
	if code := parseFlags(fs, args, stdout, stderr); code >= 0 {
		return "", code
	}
	if fs.NArg() != 1 {
		return "", usageError(stderr, fs.Name(), "want one index DIR, have %d arguments", fs.NArg())
	}
	return fs.Arg(0), -1
}

func openIndexRO(stderr io.Writer, cmd, dir string) (*index.Index, int) {
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		failf(stderr, cmd, err)
		return nil, exitFail
	}
	return ix, -1
}

func runIndexStats(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("index stats", pflag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print one JSON object")
	nRuns := fs.Int("runs", 10, "show the last `N` runs (0: all)")
	dir, code := indexFlags(fs, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	ix, code := openIndexRO(stderr, fs.Name(), dir)
	if code >= 0 {
		return code
	}
	defer ix.Close()
	s, err := ix.Stats()
	if err != nil {
		failf(stderr, fs.Name(), err)
		return exitFail
	}
	runs := s.Runs
	if *nRuns > 0 && len(runs) > *nRuns {
		runs = runs[len(runs)-*nRuns:]
	}
	if *asJSON {
		settings := make(map[string]string, len(s.Settings))
		for _, x := range s.Settings {
			settings[x.Name] = x.Value
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		err := enc.Encode(struct {
			Index     string            `json:"index"`
			Articles  int               `json:"articles"`
			Stories   int               `json:"stories"`
			Largest   int               `json:"largest_story"`
			FileBytes int64             `json:"file_bytes"`
			Corpus    int               `json:"corpus_bytes"`
			Runs      int               `json:"runs"`
			Settings  map[string]string `json:"settings"`
			Last      []index.Run       `json:"last_runs"`
		}{dir, s.Articles, s.Stories, s.Largest, s.FileBytes, s.Corpus, len(s.Runs), settings, runs})
		if err != nil {
			failf(stderr, fs.Name(), err)
			return exitFail
		}
		return exitOK
	}
	var b strings.Builder
	fmt.Fprintf(&b, "index %s\n", dir)
	fmt.Fprintf(&b, "  articles  %d\n", s.Articles)
	fmt.Fprintf(&b, "  stories   %d (largest %d)\n", s.Stories, s.Largest)
	fmt.Fprintf(&b, "  on disk   %s (%s; corpus statistics %s)\n", byteSize(s.FileBytes), index.DBFile, byteSize(int64(s.Corpus)))
	fmt.Fprintf(&b, "  runs      %d\n", len(s.Runs))
	if len(s.Settings) > 0 {
		b.WriteString("settings\n")
		for _, x := range s.Settings {
			fmt.Fprintf(&b, "  %s\n", x.Describe())
		}
	}
	if len(runs) > 0 {
		if len(runs) < len(s.Runs) {
			fmt.Fprintf(&b, "last %d runs\n", len(runs))
		} else {
			b.WriteString("runs\n")
		}
		fmt.Fprintf(&b, "  %4s  %-20s %8s %6s %7s %8s %6s %9s %8s %8s\n",
			"run", "finished", "time", "new", "already", "stories+", "merges", "canonical", "articles", "stories")
		for _, r := range runs {
			fmt.Fprintf(&b, "  %4d  %-20s %8s %6d %7d %8d %6d %9d %8d %8d\n", r.Seq, r.Finished.UTC().Format(time.RFC3339),
				r.Finished.Sub(r.Started).Round(100*time.Millisecond), r.New, r.AlreadyIndexed,
				r.NewStories, r.Merges, r.CanonicalChanges, r.Articles, r.Stories)
		}
	}
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		failf(stderr, fs.Name(), err)
		return exitFail
	}
	return exitOK
}

// byteSize formats a size in bytes for people.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// exportRecord is one line of "index export".
type exportRecord struct {
	ID        string     `json:"id"`
	Samestory exportInfo `json:"samestory"`
}

type exportInfo struct {
	ID             string  `json:"id"`
	Story          string  `json:"story"`
	StorySize      int     `json:"story_size"`
	Canonical      bool    `json:"canonical"`
	StoryCanonical string  `json:"story_canonical"`
	DuplicateOf    *string `json:"duplicate_of"`
}

func runIndexExport(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("index export", pflag.ContinueOnError)
	output := fs.StringP("output", "o", "", "write to `FILE` instead of standard output")
	dir, code := indexFlags(fs, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	ix, code := openIndexRO(stderr, fs.Name(), dir)
	if code >= 0 {
		return code
	}
	as, err := ix.Assignments()
	ix.Close()
	if err != nil {
		failf(stderr, fs.Name(), err)
		return exitFail
	}
	out := stdout
	var file *os.File
	if *output != "" && *output != "-" {
		if file, err = os.Create(*output); err != nil {
			failf(stderr, fs.Name(), err)
			return exitFail
		}
		out = file
	}
	bw := bufio.NewWriterSize(out, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range as {
		a := &as[i]
		r := exportRecord{ID: a.ID, Samestory: exportInfo{ID: a.ID, Story: a.Story, StorySize: a.StorySize,
			Canonical: a.Canonical(), StoryCanonical: a.StoryCanonical, DuplicateOf: optional(a.DupOf)}}
		if err = enc.Encode(&r); err != nil {
			break
		}
	}
	if err == nil {
		err = bw.Flush()
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		failf(stderr, fs.Name(), err)
		return exitFail
	}
	return exitOK
}

func runIndexCheck(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("index check", pflag.ContinueOnError)
	dir, code := indexFlags(fs, args, stdout, stderr)
	if code >= 0 {
		return code
	}
	ix, code := openIndexRO(stderr, fs.Name(), dir)
	if code >= 0 {
		return code
	}
	defer ix.Close()
	if err := ix.Verify(); err != nil {
		fmt.Fprintf(stderr, "samestory %s: %s\n", fs.Name(), strings.ReplaceAll(err.Error(), "\n", "\n  "))
		return exitFail
	}
	s, err := ix.Stats()
	if err != nil {
		failf(stderr, fs.Name(), err)
		return exitFail
	}
	fmt.Fprintf(stdout, "index %s is consistent: %d articles in %d stories; runs: %d\n", dir, s.Articles, s.Stories, len(s.Runs))
	return exitOK
}
