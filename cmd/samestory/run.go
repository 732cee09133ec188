package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// Exit codes.
const (
	exitOK    = 0 // done
	exitFail  = 1 // the run failed (or, with --strict, met a bad record)
	exitUsage = 2 // bad command line
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"cluster", "group articles into near-duplicate groups and stories; write every record annotated", runCluster},
		{"dedup", "write one article per near-duplicate group (or per story)", runDedup},
		{"explain", "show the evidence between pairs of articles: why they were (not) grouped", runExplain},
		{"eval", "score a cluster output against gold labels", runEval},
		{"params", "show the LSH bands and rows for a threshold, and their S-curve", runParams},
		{"report", "write a report of the stories of a cluster output: HTML, Markdown or JSON", runReport},
		{"index", "show, export or check an index kept by cluster --index DIR", runIndex},
	}
}

const usageText = `samestory finds near-duplicate news articles and groups the articles that
cover the same event into stories, marking one canonical article in each.

Usage:
  samestory <command> [flags] [arguments]

Commands:
%s
Examples:
  samestory cluster testdata/seeds/ > clustered.jsonl
  samestory dedup -o today.jsonl crawl-2015-07-21.jsonl.gz
  samestory eval clustered.jsonl gold.tsv
  samestory params --threshold 0.3

Run "samestory <command> --help" for a command's flags.
`

func usage(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, usageText, b.String())
}

// run is the whole program: it parses args, runs a command and returns the
// exit code. Only this package prints and chooses exit codes.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "--help":
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdin, stdout, stderr)
		}
		usage(stdout)
		return exitOK
	case "version", "--version":
		fmt.Fprintln(stdout, "samestory", version)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "samestory: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// version is the program's version.
const version = "0.1.0"

// parseFlags parses a command's flags. It returns the exit code to stop
// with, or -1 to go on.
func parseFlags(fs *pflag.FlagSet, args []string, stdout, stderr io.Writer) int {
	fs.SetOutput(io.Discard) // pflag would print usage itself on --help
	err := fs.Parse(args)
	switch {
	case errors.Is(err, pflag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "samestory %s: %v\nRun \"samestory %s --help\" for usage.\n", fs.Name(), err, fs.Name())
		return exitUsage
	}
	return -1
}

// usageError prints a usage error and returns exitUsage.
func usageError(stderr io.Writer, cmd, format string, a ...any) int {
	fmt.Fprintf(stderr, "samestory %s: %s\nRun \"samestory %s --help\" for usage.\n", cmd, fmt.Sprintf(format, a...), cmd)
	return exitUsage
}

// failf prints a command's error as one line. Errors of the library name
// their package ("samestory: …", "article: …"); the root package's prefix
// is left out, since the line starts with the command's name already.
func failf(stderr io.Writer, cmd string, err error) {
	fmt.Fprintf(stderr, "samestory %s: %s\n", cmd, strings.TrimPrefix(err.Error(), "samestory: "))
}
