package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testSource writes a small source of made-up Arabic articles and loads
// it.
func testSource(t *testing.T) *source {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	letters := []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
	word := func() string {
		n := 3 + rng.IntN(5)
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = letters[rng.IntN(len(letters))]
		}
		return string(rs)
	}
	var b bytes.Buffer
	for i := range 400 {
		var text strings.Builder
		for s := range 4 + rng.IntN(12) {
			if s > 0 && s%3 == 0 {
				text.WriteString("\n")
			}
			for w := range 6 + rng.IntN(14) {
				if w > 0 {
					text.WriteString(" ")
				}
				text.WriteString(word())
			}
			text.WriteString([]string{". ", "؟ ", "! ", ". "}[rng.IntN(4)])
		}
		rec := map[string]string{"id": fmt.Sprintf("src-%03d", i), "title": word() + " " + word() + " " + word(), "content": text.String()}
		line, _ := json.Marshal(rec)
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "src.jsonl")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := loadSource(path)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func generateBytes(t *testing.T, cfg config, src *source) (corpus, gold []byte) {
	t.Helper()
	var out, g bytes.Buffer
	w, gw := bufio.NewWriter(&out), bufio.NewWriter(&g)
	if _, _, err := generate(cfg, src, w, gw); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	gw.Flush()
	return out.Bytes(), g.Bytes()
}

func TestDeterministic(t *testing.T) {
	src := testSource(t)
	cfg := defaultConfig()
	cfg.n = 3000
	a, ga := generateBytes(t, cfg, src)
	b, gb := generateBytes(t, cfg, testSource(t))
	if !bytes.Equal(a, b) || !bytes.Equal(ga, gb) {
		t.Fatal("same seed, different output")
	}
	cfg.seed = 2
	c, _ := generateBytes(t, cfg, src)
	if bytes.Equal(a, c) {
		t.Fatal("different seeds, same output")
	}
}

func TestCorpus(t *testing.T) {
	src := testSource(t)
	cfg := defaultConfig()
	cfg.n = 3000
	// A window of 200 articles: after it, the share of copies is cfg.derived.
	cfg.perDay = 100
	out, gold := generateBytes(t, cfg, src)

	type rec struct {
		ID, Title, Text, Published, Source, URL string
	}
	var recs []rec
	pub := map[string]time.Time{}
	for i, line := range bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n")) {
		var r rec
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if r.ID != articleID(i) || r.Title == "" || r.Text == "" || r.Source == "" || !strings.HasPrefix(r.URL, "https://") {
			t.Fatalf("line %d: %+v", i+1, r)
		}
		p, err := time.Parse(time.RFC3339, r.Published)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		// Constant density: article i is published in its slot.
		interval := 24 * time.Hour / time.Duration(cfg.perDay)
		slot := cfg.start.Add(time.Duration(i) * interval)
		if p.Before(slot.Add(-time.Second)) || !p.Before(slot.Add(interval)) {
			t.Fatalf("line %d: published %v, slot %v", i+1, p, slot)
		}
		pub[r.ID] = p
		recs = append(recs, r)
	}
	if len(recs) != cfg.n {
		t.Fatalf("%d records, want %d", len(recs), cfg.n)
	}

	lines := strings.Split(strings.TrimSuffix(string(gold), "\n"), "\n")
	if lines[0] != "id\tderived_from\tedits" || len(lines) != cfg.n+1 {
		t.Fatalf("gold: header %q, %d lines", lines[0], len(lines))
	}
	derived := 0
	for i, l := range lines[1:] {
		cols := strings.Split(l, "\t")
		if len(cols) != 3 || cols[0] != articleID(i) || cols[2] == "" {
			t.Fatalf("gold line %d: %q", i+2, l)
		}
		if cols[1] == "" {
			if !strings.HasPrefix(cols[2], "original base=src-") {
				t.Fatalf("gold line %d: %q", i+2, l)
			}
			continue
		}
		derived++
		if cols[1] >= cols[0] {
			t.Fatalf("gold line %d: derived from a later article", i+2)
		}
		if d := pub[cols[0]].Sub(pub[cols[1]]); d < 0 || d > cfg.window+time.Minute {
			t.Fatalf("gold line %d: published %v after its parent", i+2, d)
		}
	}
	if share := float64(derived) / float64(cfg.n); share < 0.36 || share > 0.43 {
		t.Fatalf("derived share %.3f, want about %.2f", share, cfg.derived)
	}
}

func TestSplitSentences(t *testing.T) {
	got := splitSentences("قال الوزير إن النمو بلغ 7.6 في المئة. هل هذا صحيح؟ نعم\u00a0 بكل تأكيد!\nسطر جديد هنا بلا نقطة\nقصير")
	want := []string{
		"قال الوزير إن النمو بلغ 7.6 في المئة.",
		"هل هذا صحيح؟",
		"نعم بكل تأكيد!",
		"سطر جديد هنا بلا نقطة قصير",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

func TestAppendJSONChars(t *testing.T) {
	s := "نص \"مقتبس\" \\ سطر\nجديد\t\x01 \xff"
	var v string
	if err := json.Unmarshal(appendJSONString(nil, s), &v); err != nil {
		t.Fatal(err)
	}
	if want := strings.ToValidUTF8(s, "\uFFFD"); v != want {
		t.Fatalf("got %q, want %q", v, want)
	}
}
