package main

import (
	"strings"
	"testing"
)

// allCommands is spelled out here, not taken from commands(), so that a
// command dropped from the usage text is caught.
var allCommands = []string{"cluster", "dedup", "explain", "eval", "params"}

// checkMainUsage checks the program's usage text.
func checkMainUsage(t *testing.T, text string) {
	t.Helper()
	if !strings.Contains(text, "Usage:") {
		t.Errorf("usage has no \"Usage:\":\n%s", text)
	}
	for _, c := range allCommands {
		found := false
		for _, l := range lines(text) {
			if f := strings.Fields(l); len(f) > 1 && f[0] == c {
				found = true
			}
		}
		if !found {
			t.Errorf("usage lists no command %q with a summary:\n%s", c, text)
		}
	}
	if !strings.Contains(text, "Example") || !strings.Contains(text, "  samestory cluster ") {
		t.Errorf("usage shows no example command line:\n%s", text)
	}
}

func TestNoArgsPrintsUsageToStderr(t *testing.T) {
	r := mustRun(t, exitUsage, nil)
	if r.stdout != "" {
		t.Errorf("stdout = %q, want empty", r.stdout)
	}
	checkMainUsage(t, r.stderr)
}

func TestHelpPrintsUsageToStdout(t *testing.T) {
	for _, arg := range []string{"help", "--help", "-h"} {
		t.Run(arg, func(t *testing.T) {
			r := mustRun(t, exitOK, nil, arg)
			checkMainUsage(t, r.stdout)
			if r.stderr != "" {
				t.Errorf("stderr = %q, want empty", r.stderr)
			}
		})
	}
}

// clusterFlags are flags the cluster help must show.
var clusterFlags = []string{"--output", "-o", "--errors", "--quiet", "--strict", "--workers",
	"--id-field", "--text-field", "--date-field", "--canonical", "--shingle", "--signature-size",
	"--bands", "--rows", "--window"}

func TestCommandHelp(t *testing.T) {
	for _, args := range [][]string{{"help", "cluster"}, {"cluster", "--help"}, {"cluster", "-h"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := mustRun(t, exitOK, nil, args...)
			out := r.stdout
			if !strings.Contains(out, "samestory cluster [flags] INPUT") {
				t.Errorf("help has no usage line for cluster:\n%s", out)
			}
			if !strings.Contains(out, "Example") || !strings.Contains(out, "  samestory cluster ") {
				t.Errorf("help has no example:\n%s", out)
			}
			for _, f := range clusterFlags {
				if !strings.Contains(out, f) {
					t.Errorf("help does not show flag %s", f)
				}
			}
		})
	}
	a := mustRun(t, exitOK, nil, "help", "cluster")
	b := mustRun(t, exitOK, nil, "cluster", "--help")
	if a.stdout != b.stdout {
		t.Errorf("\"help cluster\" and \"cluster --help\" differ:\n%s\n----\n%s", a.stdout, b.stdout)
	}
	for _, c := range allCommands {
		r := mustRun(t, exitOK, nil, c, "--help")
		if !strings.Contains(r.stdout, "samestory "+c) || !strings.Contains(r.stdout, "Example") {
			t.Errorf("%s --help: no usage line or example on stdout:\n%s", c, r.stdout)
		}
	}
}

// Help is not an error: it goes to standard output only, once.
func TestHelpLeavesStderrEmpty(t *testing.T) {
	cases := [][]string{{"help", "cluster"}}
	for _, c := range allCommands {
		cases = append(cases, []string{c, "--help"})
	}
	for _, args := range cases {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := mustRun(t, exitOK, nil, args...)
			if r.stderr != "" {
				t.Errorf("run %q wrote the usage to stderr as well as stdout; stderr:\n%s", args, r.stderr)
			}
			if n := strings.Count(r.stdout, "Usage:"); n != 1 {
				t.Errorf("stdout holds %d usage texts, want 1", n)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	r := mustRun(t, exitUsage, nil, "frobnicate", "x")
	if !strings.Contains(r.stderr, `"frobnicate"`) {
		t.Errorf("stderr does not name the command:\n%s", r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout = %q, want empty", r.stdout)
	}
	r = mustRun(t, exitUsage, nil, "help", "frobnicate")
	if !strings.Contains(r.stderr, `"frobnicate"`) {
		t.Errorf("help frobnicate: stderr does not name the command:\n%s", r.stderr)
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		r := mustRun(t, exitOK, nil, arg)
		if r.stdout != "samestory "+version+"\n" {
			t.Errorf("%s: stdout = %q, want %q", arg, r.stdout, "samestory "+version+"\n")
		}
		if r.stderr != "" {
			t.Errorf("%s: stderr = %q, want empty", arg, r.stderr)
		}
		if version == "" || strings.ContainsAny(version, " \n") {
			t.Errorf("version %q is not one word", version)
		}
	}
}

func TestBadUsage(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "in.jsonl", `{"id":"a","text":"some words to read here"}`+"\n")
	for _, tc := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"cluster"}, "no INPUT"},
		{[]string{"dedup"}, "no INPUT"},
		{[]string{"explain", "--pair", "a,b"}, "no INPUT"},
		{[]string{"cluster", "--canonical", "sideways", in}, "--canonical"},
		{[]string{"cluster", "--shingle", "word:0", in}, "word:0"},
		{[]string{"cluster", "--shingle", "bogus", in}, "bogus"},
		{[]string{"cluster", "--no-such-flag", in}, "no-such-flag"},
		{[]string{"cluster", "--workers", "many", in}, "workers"},
		{[]string{"cluster", "--bands", "4", in}, "--rows"},
		{[]string{"cluster", "--lsh-threshold", "1.5", in}, "1.5"},
		{[]string{"params", "extra"}, "extra"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := mustRun(t, exitUsage, nil, tc.args...)
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr does not mention %q:\n%s", tc.want, r.stderr)
			}
			if !strings.Contains(r.stderr, "--help") {
				t.Errorf("stderr does not point to --help:\n%s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want empty", r.stdout)
			}
		})
	}
}

func TestNonexistentInput(t *testing.T) {
	missing := t.TempDir() + "/no-such-file.jsonl"
	for _, c := range []string{"cluster", "dedup"} {
		r := mustRun(t, exitFail, nil, c, missing)
		ls := lines(r.stderr)
		if len(ls) != 1 {
			t.Errorf("%s: want one error line, got:\n%s", c, r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "samestory "+c+": ") || !strings.Contains(r.stderr, "no-such-file.jsonl") {
			t.Errorf("%s: error line does not name the command and the file:\n%s", c, r.stderr)
		}
		if strings.Contains(r.stderr, "goroutine") {
			t.Errorf("%s: stderr holds a stack trace:\n%s", c, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%s: stdout = %q, want empty", c, r.stdout)
		}
	}
	r := mustRun(t, exitFail, nil, "explain", "--pair", "a,b", missing)
	if !strings.Contains(r.stderr, "no-such-file.jsonl") || strings.Contains(r.stderr, "goroutine") {
		t.Errorf("explain: stderr:\n%s", r.stderr)
	}
}
