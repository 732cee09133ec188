package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// badDir holds the corpus of bad inputs and expect.json, their expected
// outcomes.
const badDir = "../../testdata/bad"

// badCase is one entry of testdata/bad/expect.json.
type badCase struct {
	Name     string   `json:"name"`
	Input    string   `json:"input"`    // below testdata/bad
	Generate string   `json:"generate"` // or: made by the test (see generated)
	Args     []string `json:"args"`
	Short    bool     `json:"short"` // skipped with -short
	About    string   `json:"about"`

	Exit     int `json:"exit"`
	Read     int `json:"read"`
	Written  int `json:"written"`
	Rejected int `json:"rejected"`
	Problems []struct {
		File   string `json:"file"` // "" means the input itself
		Line   int    `json:"line"`
		Kind   string `json:"kind"`
		Reason string `json:"reason"` // a substring of the reason
	} `json:"problems"`
	Strict struct {
		Exit int    `json:"exit"`
		At   string `json:"at"` // file:line --strict stops at
	} `json:"strict"`
	WrittenIDs []string           `json:"written_ids"`
	Copies     map[string]*string `json:"copies"` // id → duplicate_of (nil: none)
	Skipped    []string           `json:"skipped"`
	Skip       string             `json:"skip"` // "needs fix: …": the case is skipped
}

func loadBadCases(t *testing.T) []badCase {
	t.Helper()
	var m struct {
		Cases []badCase `json:"cases"`
	}
	data, err := os.ReadFile(filepath.Join(badDir, "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("expect.json: %v", err)
	}
	return m.Cases
}

// generated makes the big inputs once per test binary, into one temporary
// folder: they are never committed.
var generated struct {
	sync.Mutex
	dir   string
	files map[string]string
}

// generate returns the path of a generated input: "article-50mb" (a 50 MB
// article of words, then a small one) or "line-10mb" (a 10 MB line with no
// spaces, then a small article).
func generate(t *testing.T, kind string) string {
	t.Helper()
	generated.Lock()
	defer generated.Unlock()
	if p, ok := generated.files[kind]; ok {
		return p
	}
	if generated.dir == "" {
		dir, err := os.MkdirTemp("", "samestory-bad-")
		if err != nil {
			t.Fatal(err)
		}
		generated.dir, generated.files = dir, map[string]string{}
	}
	p := filepath.Join(generated.dir, kind+".jsonl")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	switch kind {
	case "article-50mb":
		writeBigArticle(w, "big", 50_000_000)
	case "line-10mb":
		rng := rand.New(rand.NewSource(10))
		const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		w.WriteString(`{"id":"blob","title":"","text":"`)
		for range 10_000_000 {
			w.WriteByte(alphabet[rng.Intn(len(alphabet))])
		}
		w.WriteString("\"}\n")
	default:
		t.Fatalf("unknown generated input %q", kind)
	}
	fmt.Fprintf(w, `{"id":"small","title":"Storm hits coast","text":%q}`+"\n", stormText)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	generated.files[kind] = p
	return p
}

// writeBigArticle writes one JSON Lines record whose text is about size
// bytes of sentences drawn from a vocabulary, in paragraphs.
func writeBigArticle(w *bufio.Writer, id string, size int) {
	rng := rand.New(rand.NewSource(50))
	vocab := strings.Fields("storm coast power homes officials said rescue teams night city river bank rates vote party minister العاصمة الرئيس وزير الحكومة")
	for i := range 5000 {
		vocab = append(vocab, "w"+strconv.Itoa(i))
	}
	fmt.Fprintf(w, `{"id":%q,"title":"A very long article","text":"`, id)
	n := 0
	for s := 0; n < size; s++ {
		for k := range 12 {
			if k > 0 {
				w.WriteByte(' ')
				n++
			}
			v := vocab[rng.Intn(len(vocab))]
			w.WriteString(v)
			n += len(v)
		}
		w.WriteString(". ")
		n += 2
		if s%40 == 39 {
			w.WriteString(`\n`)
			n += 2
		}
	}
	w.WriteString("\"}\n")
}

// cliMainEnv set to 1 makes the test binary run as samestory itself.
const cliMainEnv = "SAMESTORY_CLI_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(cliMainEnv) == "1" {
		// Run as the command itself, for tests that need a process of
		// their own (signals).
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	code := m.Run()
	if generated.dir != "" {
		os.RemoveAll(generated.dir)
	}
	os.Exit(code)
}

var summaryCounts = regexp.MustCompile(`: read (\d+) records?, wrote (\d+)(?: \(left out \d+\))?, rejected (\d+)`)

// TestBadInputs runs samestory cluster on each bad input of testdata/bad
// and checks the outcome expect.json gives: exit code, counts, the
// problems on standard error and in --errors, what was written; then again
// with --strict.
func TestBadInputs(t *testing.T) {
	cases := loadBadCases(t)
	if len(cases) < 20 {
		t.Fatalf("expect.json holds %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			if c.Skip != "" {
				t.Skip(c.Skip)
			}
			if c.Short && testing.Short() {
				t.Skip("a big generated input; skipped with -short")
			}
			if c.Generate != "" && raceEnabled {
				t.Skip("a big generated input; skipped under the race detector")
			}
			input := filepath.Join(badDir, filepath.FromSlash(c.Input))
			if c.Generate != "" {
				input = generate(t, c.Generate)
			}
			if c.Read != c.Written+c.Rejected {
				t.Fatalf("expect.json: read %d != written %d + rejected %d", c.Read, c.Written, c.Rejected)
			}
			errFile := filepath.Join(t.TempDir(), "errors.jsonl")
			args := append(append([]string{"cluster", "--errors", errFile}, c.Args...), input)
			r := runCLI(t, nil, args...)
			r.want(t, c.Exit, args...)
			checkBadRun(t, c, input, r, errFile)

			// --strict: exit 1 at the first problem that is not a bad
			// date, naming its file and line.
			if c.Generate != "" && c.Strict.Exit == 0 {
				return // the same big run again says nothing new
			}
			sargs := append(append([]string{"cluster", "--strict"}, c.Args...), input)
			s := runCLI(t, nil, sargs...)
			s.want(t, c.Strict.Exit, sargs...)
			if c.Strict.Exit == 0 {
				return
			}
			m := regexp.MustCompile(`stopped by --strict at (\S+) \(`).FindStringSubmatch(s.stderr)
			if m == nil {
				t.Fatalf("--strict: stderr does not say where it stopped:\n%s", s.stderr)
			}
			if !samePlace(m[1], c.Strict.At) {
				t.Errorf("--strict stopped at %s, want %s", m[1], c.Strict.At)
			}
			if strings.Contains(s.stderr, ": read ") {
				t.Errorf("--strict printed the summary of a finished run:\n%s", s.stderr)
			}
		})
	}
}

// samePlace reports whether a file path (with :line) as samestory printed
// it names the file below testdata/bad (or the generated file) want.
func samePlace(got, want string) bool {
	got = filepath.ToSlash(got)
	return got == want || strings.HasSuffix(got, "/"+want)
}

func checkBadRun(t *testing.T, c badCase, input string, r result, errFile string) {
	t.Helper()
	// The summary: read = written + rejected, as expected.
	sum := summary(t, "cluster", r.stderr)
	m := summaryCounts.FindStringSubmatch(sum)
	if m == nil {
		t.Fatalf("summary %q: no counts", sum)
	}
	read, _ := strconv.Atoi(m[1])
	written, _ := strconv.Atoi(m[2])
	rejected, _ := strconv.Atoi(m[3])
	if read != written+rejected {
		t.Errorf("summary %q: read %d != written %d + rejected %d", sum, read, written, rejected)
	}
	if read != c.Read || written != c.Written || rejected != c.Rejected {
		t.Errorf("summary %q: want read %d, wrote %d, rejected %d", sum, c.Read, c.Written, c.Rejected)
	}
	inputProblems := 0
	for _, p := range c.Problems {
		if p.Kind == "bad input" {
			inputProblems++
		}
	}
	if want := "; " + plural(inputProblems, "input problem", "input problems"); inputProblems > 0 && !strings.Contains(sum, want) {
		t.Errorf("summary %q does not count the %d input problems", sum, inputProblems)
	}

	// What was written: valid records with a samestory member.
	recs := parseOutput(t, r.stdout)
	if len(recs) != c.Written {
		t.Errorf("%d records written, summary says %d", len(recs), c.Written)
	}
	if c.WrittenIDs != nil && !reflect.DeepEqual(ids(recs), c.WrittenIDs) {
		t.Errorf("written ids %q, want %q", ids(recs), c.WrittenIDs)
	}
	byID := map[string]annotation{}
	for _, rec := range recs {
		byID[*rec.ss.ID] = rec.ss
	}
	for id, want := range c.Copies {
		a, ok := byID[id]
		switch {
		case !ok:
			t.Errorf("copies: %q not written", id)
		case want == nil && a.DuplicateOf != nil:
			t.Errorf("%q is a copy of %q, want no copy", id, *a.DuplicateOf)
		case want != nil && (a.DuplicateOf == nil || *a.DuplicateOf != *want):
			t.Errorf("%q duplicate_of %v, want %q", id, strPtr(a.DuplicateOf), *want)
		}
	}
	skipped := map[string]bool{}
	for _, id := range c.Skipped {
		skipped[id] = true
	}
	for id, a := range byID {
		if got := a.Skipped == "no text"; got != skipped[id] {
			t.Errorf("%q: skipped %q, want skipped %v", id, a.Skipped, skipped[id])
		}
	}

	// Problems: every one in --errors (file, line, kind, reason), and on
	// standard error.
	type problem struct {
		File   string `json:"file"`
		Line   int    `json:"line"`
		ID     string `json:"id"`
		Kind   string `json:"kind"`
		Reason string `json:"reason"`
	}
	var got []problem
	for _, l := range lines(readFile(t, errFile)) {
		var p problem
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("--errors line is not JSON: %v: %q", err, l)
		}
		got = append(got, p)
	}
	if len(got) != len(c.Problems) {
		t.Errorf("--errors holds %d problems, want %d:\n%s", len(got), len(c.Problems), readFile(t, errFile))
	}
	for i := range min(len(got), len(c.Problems)) {
		g, w := got[i], c.Problems[i]
		file := w.File
		if file == "" {
			file = c.Input
			if c.Generate != "" {
				file = c.Generate + ".jsonl"
			}
		}
		if !samePlace(g.File, file) || g.Line != w.Line || g.Kind != w.Kind || !strings.Contains(g.Reason, w.Reason) {
			t.Errorf("problem %d = %+v\nwant file %s, line %d, kind %q, reason containing %q", i, g, file, w.Line, w.Kind, w.Reason)
		}
		pos := g.File
		if g.Line > 0 {
			pos += ":" + strconv.Itoa(g.Line)
		}
		if line := "samestory: " + pos + ": " + g.Kind + ": " + g.Reason; !strings.Contains(r.stderr, line) {
			t.Errorf("stderr does not report problem %d (%q):\n%s", i, line, r.stderr)
		}
	}
}

func strPtr(s *string) string {
	if s == nil {
		return "null"
	}
	return strconv.Quote(*s)
}

// Every case's input exists, and every file in testdata/bad is some
// case's input (or make.py, or expect.json).
func TestBadCorpusComplete(t *testing.T) {
	used := map[string]bool{"expect.json": true, "make.py": true}
	for _, c := range loadBadCases(t) {
		if c.Generate != "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(badDir, filepath.FromSlash(c.Input))); err != nil {
			t.Errorf("case %s: %v", c.Name, err)
		}
		used[c.Input] = true
	}
	ents, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !used[e.Name()] {
			t.Errorf("testdata/bad/%s is no case's input", e.Name())
		}
	}
}
