// Command gencorpus writes a deterministic synthetic news corpus made from
// SaudiNewsNet text: originals, and copies of earlier articles with
// realistic edits, with a gold file saying which article was derived from
// which. See bench/README.md for the design.
//
//	go run ./cmd/gencorpus -n 100000 -seed 1 -src ../../shared/data/saudinewsnet/articles.jsonl.gz \
//	    -o /tmp/gen100k.jsonl -gold /tmp/gen100k.gold.tsv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"time"
	"unicode/utf8"
)

func main() {
	cfg := defaultConfig()
	flag.IntVar(&cfg.n, "n", cfg.n, "articles to write")
	flag.Uint64Var(&cfg.seed, "seed", cfg.seed, "random seed")
	flag.IntVar(&cfg.perDay, "per-day", cfg.perDay, "articles per day")
	flag.Float64Var(&cfg.derived, "derived", cfg.derived, "share of derived copies")
	srcPath := flag.String("src", "../../shared/data/saudinewsnet/articles.jsonl.gz", "source articles (JSON Lines, plain or gzip, fields id, title, content)")
	outPath := flag.String("o", "", "output JSON Lines file (default: standard output)")
	goldPath := flag.String("gold", "", "gold TSV file: id, derived_from, edits")
	quiet := flag.Bool("q", false, "print no summary")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if flag.NArg() > 0 || cfg.n < 0 || cfg.perDay < 1 || cfg.derived < 0 || cfg.derived >= 1 {
		flag.Usage()
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(cfg, *srcPath, *outPath, *goldPath, *quiet); err != nil {
		pprof.StopCPUProfile()
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(cfg config, srcPath, outPath, goldPath string, quiet bool) error {
	t0 := time.Now()
	src, err := loadSource(srcPath)
	if err != nil {
		return err
	}
	tLoad := time.Since(t0)

	var out io.Writer = os.Stdout
	var outFile, goldFile *os.File
	// Files are written under a temporary name and renamed when complete,
	// so that a reader of an earlier corpus of the same name is not
	// disturbed and a failed run leaves no partial corpus.
	if outPath != "" {
		if outFile, err = os.Create(outPath + ".tmp"); err != nil {
			return err
		}
		defer os.Remove(outFile.Name())
		defer outFile.Close()
		out = outFile
	}
	bw := bufio.NewWriterSize(out, 4<<20)
	var gw *bufio.Writer
	if goldPath != "" {
		if goldFile, err = os.Create(goldPath + ".tmp"); err != nil {
			return err
		}
		defer os.Remove(goldFile.Name())
		defer goldFile.Close()
		gw = bufio.NewWriterSize(goldFile, 1<<20)
	}

	st, bytes, err := generate(cfg, src, bw, gw)
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if gw != nil {
		if err := gw.Flush(); err != nil {
			return err
		}
		if err := goldFile.Close(); err != nil {
			return err
		}
	}
	if outFile != nil {
		if err := outFile.Close(); err != nil {
			return err
		}
	}
	if goldFile != nil {
		if err := os.Rename(goldFile.Name(), goldPath); err != nil {
			return err
		}
	}
	if outFile != nil {
		if err := os.Rename(outFile.Name(), outPath); err != nil {
			return err
		}
	}
	if !quiet {
		el := time.Since(t0)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		n := max(cfg.n, 1)
		fmt.Fprintf(os.Stderr, "gencorpus: source %d articles (%d bases; %d too short, %d copies of another) read in %.1fs\n",
			src.read, len(src.bases), src.short, src.aliased, tLoad.Seconds())
		fmt.Fprintf(os.Stderr, "gencorpus: wrote %d articles (%d originals, %d copies), %.1f MB, %.0f words/article, in %.1fs (%.0f articles/s); heap sys %.0f MB\n",
			cfg.n, st.originals, st.derived, float64(bytes)/1e6, float64(st.words)/float64(n), el.Seconds(), float64(cfg.n)/el.Seconds(), float64(ms.Sys)/1e6)
		fmt.Fprintf(os.Stderr, "gencorpus: originals: %.3f bases tried and %.3f subsets drawn each, %d forced; copies: mean strength %.2f, by chain depth %v (max %d)\n",
			float64(st.baseTries)/float64(max(st.originals, 1)), float64(st.draws)/float64(max(st.originals, 1)), st.forced, st.strengthSum/float64(max(st.derived, 1)), st.depth, st.maxDepth)
	}
	return nil
}

// generate makes the articles in order and renders them as JSON lines on
// two goroutines, in batches, keeping the order. Rendering draws its
// randomness from the article's index, so the output does not depend on
// the scheduling.
func generate(cfg config, src *source, w, gold *bufio.Writer) (stats, int64, error) {
	g := newGenerator(cfg, src)
	if gold != nil {
		gold.WriteString("id\tderived_from\tedits\n")
	}
	const batch = 512
	type job struct {
		arts []*article
		buf  []byte
		gold []byte
		done chan struct{}
	}
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *job, workers*2)
	ordered := make(chan *job, workers*2)
	for range workers {
		go func() {
			for j := range jobs {
				for _, a := range j.arts {
					j.buf = renderJSON(j.buf, a, cfg, g.outlets)
					if gold != nil {
						j.gold = renderGold(j.gold, a)
					}
				}
				close(j.done)
			}
		}()
	}
	go func() {
		for i := 0; i < cfg.n; i += batch {
			j := &job{done: make(chan struct{})}
			for k := i; k < min(i+batch, cfg.n); k++ {
				j.arts = append(j.arts, g.next(k))
			}
			ordered <- j
			jobs <- j
		}
		close(jobs)
		close(ordered)
	}()
	var written int64
	var werr error
	for j := range ordered {
		<-j.done
		if werr == nil {
			_, werr = w.Write(j.buf)
			if werr == nil && gold != nil {
				_, werr = gold.Write(j.gold)
			}
		}
		written += int64(len(j.buf))
	}
	return g.st, written, werr
}

// articleID names article i.
func articleID(i int) string { return fmt.Sprintf("g%07d", i) }

func renderGold(dst []byte, a *article) []byte {
	dst = append(dst, articleID(a.idx)...)
	dst = append(dst, '\t')
	if a.parent >= 0 {
		dst = append(dst, articleID(a.parent)...)
	}
	dst = append(dst, '\t')
	dst = append(dst, a.edits...)
	return append(dst, '\n')
}

// renderJSON appends the article as one JSON line: id, title, text,
// published, source, url. The text is the header line, the body in
// paragraphs of one to four sentences, and the footer line.
func renderJSON(dst []byte, a *article, cfg config, outlets []outlet) []byte {
	id := articleID(a.idx)
	o := outlets[a.outlet]
	rng := rand.New(rand.NewPCG(cfg.seed^0x7e47, uint64(a.idx)))
	dst = append(dst, `{"id":"`...)
	dst = append(dst, id...)
	dst = append(dst, `","title":`...)
	dst = appendJSONString(dst, a.title)
	dst = append(dst, `,"text":"`...)
	first := true
	line := func() {
		if !first {
			dst = append(dst, `\n`...)
		}
		first = false
	}
	if a.header != "" {
		line()
		dst = appendJSONChars(dst, a.header)
	}
	for k := 0; k < len(a.body); {
		line()
		para := 1 + rng.IntN(4)
		for j := k; j < min(k+para, len(a.body)); j++ {
			if j > k {
				dst = append(dst, ' ')
			}
			dst = appendJSONChars(dst, a.body[j])
		}
		k += para
	}
	if a.footer != "" {
		line()
		dst = appendJSONChars(dst, a.footer)
	}
	dst = append(dst, `","published":"`...)
	dst = a.published.AppendFormat(dst, time.RFC3339)
	dst = append(dst, `","source":"`...)
	dst = append(dst, o.slug...)
	dst = append(dst, `","url":"https://`...)
	dst = append(dst, o.slug...)
	dst = append(dst, ".example.com/"...)
	dst = a.published.AppendFormat(dst, "2006/01/02/")
	dst = append(dst, id...)
	dst = append(dst, `.html"}`...)
	return append(dst, '\n')
}

func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = appendJSONChars(dst, s)
	return append(dst, '"')
}

// appendJSONChars appends s escaped for a JSON string, without quotes.
// Invalid UTF-8 becomes U+FFFD.
func appendJSONChars(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\uFFFD"...)
			i++
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...)
}
