package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/samestory/samestory/article"
	"github.com/samestory/samestory/report"
)

func runReport(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("report", pflag.ContinueOnError)
	fs.SortFlags = false
	output := fs.StringP("output", "o", "", "write to `FILE` instead of standard output")
	format := fs.StringP("format", "f", "", "html, md or json (default: by the extension of --output; html on standard output)")
	title := fs.String("title", "", "heading of the report (default \"samestory report\")")
	snippet := fs.Int("snippet", report.DefaultSnippet, "characters of each article's text shown under its title (0: none)")
	var fields article.Fields
	var layouts []string
	fs.StringVar(&fields.Title, "title-field", "", "JSON field holding the title (default: title, headline)")
	fs.StringVar(&fields.Text, "text-field", "", "JSON field holding the text, for snippets (default: text, content, body, ...)")
	fs.StringVar(&fields.Date, "date-field", "", "JSON field holding the publication date (default: published, date, published_at, date_extracted, ...)")
	fs.StringVar(&fields.Source, "source-field", "", "JSON field holding the outlet (default: source, site, domain, ...; else the URL's host)")
	fs.StringVar(&fields.URL, "url-field", "", "JSON field holding the URL (default: url, link, ...)")
	fs.StringArrayVar(&layouts, "date-layout", nil, "extra Go time `layout` for dates (repeatable)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `Usage:
  samestory report [flags] CLUSTERED

Reads CLUSTERED, the JSON Lines written by "samestory cluster" (plain, .gz or
.zst; - for standard input), and writes a report of its stories:
  html  one self-contained page (no network access): a summary, per-source
        counts and duplicate rates, charts of articles per day and of story
        sizes, and the stories, largest first, each with its articles, which
        are copies of which, and a filter box;
  md    the same as Markdown headings and tables;
  json  JSON Lines, one object per story with its members.
The format is --format, else the one the extension of --output asks for
(.html or .htm, .md or .markdown, .json, .jsonl or .ndjson; any other
extension needs --format), and html on standard output. Give the same field
flags as to cluster, if any. The change records of "cluster --index DIR
--emit-changes" (earlier articles whose story changed) are left out; how many
is said on standard error, and in html and md reports.
"samestory cluster --report FILE" writes a report in the same run.

Example:
  samestory cluster -o clustered.jsonl crawl.jsonl.gz
  samestory report -o report.html clustered.jsonl
  samestory report --format md clustered.jsonl > report.md

Flags:
%s`, fs.FlagUsages())
	}
	if code := parseFlags(fs, args, stdout, stderr); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		return usageError(stderr, "report", "want one CLUSTERED file (or - for standard input), got %d arguments", fs.NArg())
	}
	toFile := *output != "" && *output != "-"
	outName := ""
	if toFile {
		outName = *output
	}
	f, err := reportFormat(*format, outName, "--format", "--output")
	if err != nil {
		return usageError(stderr, "report", "%v", err)
	}
	if *snippet < 0 {
		return usageError(stderr, "report", "--snippet %d: want 0 or more", *snippet)
	}
	opts := report.Options{Fields: fields, Title: *title, Snippet: *snippet}
	if *snippet == 0 {
		opts.Snippet = -1
	}
	if len(layouts) > 0 {
		opts.Layouts = append(append([]string{}, layouts...), article.DefaultLayouts()...)
	}

	in := fs.Arg(0)
	var r io.Reader = stdin
	if in != "-" {
		file, err := os.Open(in)
		if err != nil {
			failReport(stderr, err)
			return exitFail
		}
		defer file.Close()
		r = file
	}
	rep, err := report.Read(r, in, opts)
	if err != nil {
		failReport(stderr, err)
		return exitFail
	}
	if n := rep.Summary.ChangeRecords; n > 0 {
		// Said in the HTML and Markdown reports too; here for JSON, which
		// holds stories only.
		noun := "change records"
		if n == 1 {
			noun = "change record"
		}
		fmt.Fprintf(stderr, "samestory report: left out %d %s (--emit-changes): they describe earlier articles, not this batch\n", n, noun)
	}
	if !toFile {
		if err := rep.Write(stdout, f); err != nil {
			failReport(stderr, err)
			return exitFail
		}
		return exitOK
	}
	if err := writeReportFile(rep, *output, f); err != nil {
		failReport(stderr, err)
		return exitFail
	}
	return exitOK
}

// failReport prints an error of the report command, without the report
// package's own prefix.
func failReport(stderr io.Writer, err error) {
	fmt.Fprintf(stderr, "samestory report: %s\n", strings.TrimPrefix(err.Error(), "report: "))
}

// reportFormat chooses a report's format: the one named by the flag
// formatFlag, else the one path's extension asks for, else html when there
// is no path (standard output). A path with another extension is an error.
func reportFormat(name, path, formatFlag, pathFlag string) (report.Format, error) {
	if name != "" {
		f, err := report.ParseFormat(name)
		if err != nil {
			return 0, fmt.Errorf("%s %q: want html, md or json", formatFlag, name)
		}
		return f, nil
	}
	if path == "" {
		return report.HTML, nil
	}
	if f, ok := report.FormatOf(path); ok {
		return f, nil
	}
	return 0, fmt.Errorf("%s %q: cannot tell the format from its extension (.html, .md, .json); give %s", pathFlag, path, formatFlag)
}

// writeReportFile writes rep to path in format f; a file left incomplete
// by an error is removed.
func writeReportFile(rep *report.Report, path string, f report.Format) error {
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	return finishReportFile(file, rep, f)
}

// finishReportFile writes rep to file and closes it, removing it on error.
func finishReportFile(file *os.File, rep *report.Report, f report.Format) error {
	bw := bufio.NewWriterSize(file, 1<<16)
	err := rep.Write(bw, f)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := file.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file.Name())
	}
	return err
}

// clusterReport is cluster's --report: a report built from the records as
// they are written (only their small parts are kept), in the same run.
// A nil *clusterReport (dedup) does nothing.
type clusterReport struct {
	path, format string
	f            report.Format
	file         *os.File
	b            *report.Builder
	done         bool
}

func addReportFlags(fs *pflag.FlagSet) *clusterReport {
	r := &clusterReport{}
	fs.StringVar(&r.path, "report", "", "also write a report of the stories to `FILE` (as \"samestory report\" would)")
	fs.StringVar(&r.format, "report-format", "", "format of --report: html, md or json (default: by the extension of FILE)")
	return r
}

// open checks the flags and creates the report file before the run, so
// that a bad path fails at once. It returns the exit code to stop with, or
// -1 to go on.
func (r *clusterReport) open(stderr io.Writer, cmd string) int {
	if r == nil {
		return -1
	}
	if r.path == "" {
		if r.format != "" {
			return usageError(stderr, cmd, "--report-format needs --report FILE")
		}
		return -1
	}
	f, err := reportFormat(r.format, r.path, "--report-format", "--report")
	if err != nil {
		return usageError(stderr, cmd, "%v", err)
	}
	r.f = f
	if r.file, err = os.Create(r.path); err != nil {
		failf(stderr, cmd, err)
		return exitFail
	}
	return -1
}

// tee returns the writer the run writes its records to: out, and the
// report builder.
func (r *clusterReport) tee(out io.Writer, opts article.Options, inputs []string) io.Writer {
	if r == nil || r.file == nil {
		return out
	}
	r.b = report.NewBuilder("output", report.Options{
		Fields: opts.Fields, Layouts: opts.Layouts, Input: strings.Join(inputs, " "),
	})
	return io.MultiWriter(out, r.b)
}

// write builds the report from the records written and writes it.
func (r *clusterReport) write() error {
	if r == nil || r.file == nil {
		return nil
	}
	if r.b == nil {
		r.close()
		return errors.New("report: the run wrote no records")
	}
	rep, err := r.b.Report()
	if err != nil {
		r.close()
		return err
	}
	r.done = true
	return finishReportFile(r.file, rep, r.f)
}

// close removes a report file that was created but not written (the run
// failed).
func (r *clusterReport) close() {
	if r == nil || r.file == nil || r.done {
		return
	}
	r.file.Close()
	os.Remove(r.path)
	r.done = true
}
