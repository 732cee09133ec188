// Command compare runs samestory's signature + LSH stage and
// github.com/ekzhu/minhash-lsh side by side on the same word 3-shingles of
// the same corpus, at the same signature size and threshold, and prints
// their throughput, memory and recall of the gold near-duplicate pairs in
// one table. See bench/README.md.
//
//	go run ./cmd/compare -corpus /tmp/gen100k.jsonl -gold /tmp/gen100k.gold.tsv
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/samestory/samestory/bench/internal/ours"
)

type options struct {
	corpus, gold string
	k            int
	threshold    float64
	recallJ      float64
	workers      int
	runs         int
	limit        int
	only         string
	sketches     string
	siblings     bool
}

func main() {
	var o options
	flag.StringVar(&o.corpus, "corpus", "/tmp/gen100k.jsonl", "corpus (JSON Lines, plain or gzip: id, title, text)")
	flag.StringVar(&o.gold, "gold", "/tmp/gen100k.gold.tsv", "gold TSV (id, derived_from, edits)")
	flag.IntVar(&o.k, "k", 128, "signature size")
	flag.Float64Var(&o.threshold, "threshold", 0.8, "LSH threshold (Jaccard) for both libraries")
	flag.Float64Var(&o.recallJ, "recall-j", 0.8, "recall is measured on gold pairs with exact Jaccard at least this")
	flag.IntVar(&o.workers, "workers", 2, "goroutines for the stages that can use them")
	flag.IntVar(&o.runs, "runs", 1, "runs of each library (interleaved); the table shows medians")
	flag.IntVar(&o.limit, "n", 0, "read at most n articles (0: all)")
	flag.StringVar(&o.only, "only", "", "run only one library: samestory or ekzhu")
	flag.StringVar(&o.sketches, "sketch", "oph,classic", "samestory signature schemes to run, comma-separated: oph (its default), classic")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	flag.BoolVar(&o.siblings, "siblings", false, "check the corpus: exact Jaccard between originals made from the same base article")
	flag.Parse()
	if flag.NArg() > 0 || o.runs < 1 || o.workers < 1 || o.only != "" && o.only != "samestory" && o.only != "ekzhu" {
		flag.Usage()
		os.Exit(2)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
			os.Exit(1)
		}
	}
	err := run(o)
	pprof.StopCPUProfile()
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

// corpus is what both libraries see: the shingle sets, once.
type corpus struct {
	ids    []string
	sets   [][]uint64
	bytes  int64 // title + text bytes
	parent []int32
	gold   []goldPair
	base   map[string][]int32 // originals by base article (gold edits base=…)
}

type goldPair struct {
	a, b int32 // derived, derived from
	j    float64
}

// result is one run of one library.
type result struct {
	sign, index, pairs time.Duration
	cpu                [3]time.Duration // CPU time (user + system) of the three stages
	peakHeap           uint64           // peak HeapAlloc above the baseline
	retained           uint64           // live heap above the baseline once indexed
	cands              []uint64
}

func run(o options) error {
	t0 := time.Now()
	c, err := load(o)
	if err != nil {
		return err
	}
	if err := loadGold(c, o.gold); err != nil {
		return err
	}
	var shingles int
	for _, s := range c.sets {
		shingles += len(s)
	}
	fmt.Printf("corpus   %s: %d articles, %.1f MB of title+text, %.0f distinct word 3-shingles per article; read, normalised and shingled once in %.1fs\n",
		o.corpus, len(c.sets), float64(c.bytes)/1e6, float64(shingles)/float64(max(len(c.sets), 1)), time.Since(t0).Seconds())
	printGold(c, o.recallJ)
	if o.siblings {
		checkSiblings(c)
	}

	type lib struct {
		name, descr string
		run         func() result
	}
	var libs []lib
	if o.only != "ekzhu" {
		for _, sk := range strings.Split(o.sketches, ",") {
			st, err := ours.New(o.k, o.threshold, sk)
			if err != nil {
				return err
			}
			libs = append(libs, lib{"samestory (" + sk + ")", st.Describe(), func() result { return runOurs(st, c, o.workers) }})
		}
	}
	if o.only != "samestory" {
		ek := &ekzhu{k: o.k, threshold: o.threshold}
		libs = append(libs, lib{"ekzhu/minhash-lsh", ek.describe(), func() result { return runEkzhu(ek, c, o.workers) }})
	}
	results := make([][]result, len(libs))
	for r := range o.runs {
		for i, l := range libs {
			res := l.run()
			fmt.Fprintf(os.Stderr, "run %d %-20s sign %6.2fs (CPU %6.2fs)  index %6.2fs (%6.2fs)  pairs %6.2fs (%6.2fs)  peak heap +%5.0f MB  candidates %d\n",
				r+1, l.name, res.sign.Seconds(), res.cpu[0].Seconds(), res.index.Seconds(), res.cpu[1].Seconds(),
				res.pairs.Seconds(), res.cpu[2].Seconds(), mb(res.peakHeap), len(res.cands))
			if r < o.runs-1 {
				res.cands = nil
			}
			results[i] = append(results[i], res)
		}
	}
	fmt.Printf("\nsignature + LSH stage, %d values, threshold %.2f, %d workers (GOMAXPROCS %d), median of %d run(s); MB = title+text bytes\n",
		o.k, o.threshold, o.workers, runtime.GOMAXPROCS(0), o.runs)
	var meds []result
	var names []string
	for i, l := range libs {
		meds = append(meds, median(results[i]))
		names = append(names, l.name)
		fmt.Printf("  %-20s %s\n", l.name, l.descr)
	}
	printTable(c, o, meds, names)
	checkCrossTree(c, meds)
	return nil
}

func runOurs(st *ours.Stage, c *corpus, workers int) result {
	var r result
	base := settle()
	peak := startPeak()
	t, cpu := time.Now(), cpuTime()
	sig := st.Sign(c.sets, workers)
	r.sign, r.cpu[0] = time.Since(t), cpuTime()-cpu
	t, cpu = time.Now(), cpuTime()
	ix := st.Index(sig, workers)
	r.index, r.cpu[1] = time.Since(t), cpuTime()-cpu
	r.retained = liveAbove(base, peak)
	t, cpu = time.Now(), cpuTime()
	r.cands = ix.Pairs()
	r.pairs, r.cpu[2] = time.Since(t), cpuTime()-cpu
	r.peakHeap = above(peak.stop(), base)
	runtime.KeepAlive(sig)
	runtime.KeepAlive(ix)
	return r
}

func runEkzhu(e *ekzhu, c *corpus, workers int) result {
	var r result
	base := settle()
	peak := startPeak()
	t, cpu := time.Now(), cpuTime()
	e.sign(c.sets, workers)
	r.sign, r.cpu[0] = time.Since(t), cpuTime()-cpu
	t, cpu = time.Now(), cpuTime()
	e.index()
	r.index, r.cpu[1] = time.Since(t), cpuTime()-cpu
	r.retained = liveAbove(base, peak)
	t, cpu = time.Now(), cpuTime()
	r.cands = e.pairs(workers)
	r.pairs, r.cpu[2] = time.Since(t), cpuTime()-cpu
	r.peakHeap = above(peak.stop(), base)
	e.release()
	return r
}

// cpuTime returns the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// settle collects garbage and returns the live heap.
func settle() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// liveAbove records a last peak sample, collects garbage (between two
// timed stages) and returns the live heap above base.
func liveAbove(base uint64, p *peakSampler) uint64 {
	p.sample()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc < base {
		return 0
	}
	return ms.HeapAlloc - base
}

// peakSampler reads runtime.MemStats every 10 ms and keeps the largest
// HeapAlloc (which includes garbage not yet collected).
type peakSampler struct {
	mu   sync.Mutex
	peak uint64
	quit chan struct{}
	done chan struct{}
}

func startPeak() *peakSampler {
	p := &peakSampler{quit: make(chan struct{}), done: make(chan struct{})}
	p.sample()
	go func() {
		defer close(p.done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.quit:
				return
			case <-tick.C:
				p.sample()
			}
		}
	}()
	return p
}

func (p *peakSampler) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	p.mu.Lock()
	p.peak = max(p.peak, ms.HeapAlloc)
	p.mu.Unlock()
}

func (p *peakSampler) max() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

func (p *peakSampler) stop() uint64 {
	p.sample()
	close(p.quit)
	<-p.done
	return p.max()
}

func median(rs []result) result {
	med := func(f func(result) time.Duration) time.Duration {
		v := make([]time.Duration, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	out := rs[len(rs)-1]
	out.sign = med(func(r result) time.Duration { return r.sign })
	out.index = med(func(r result) time.Duration { return r.index })
	out.pairs = med(func(r result) time.Duration { return r.pairs })
	for i := range out.cpu {
		out.cpu[i] = med(func(r result) time.Duration { return r.cpu[i] })
	}
	for _, r := range rs {
		out.peakHeap = max(out.peakHeap, r.peakHeap)
		out.retained = max(out.retained, r.retained)
	}
	return out
}

func printTable(c *corpus, o options, meds []result, names []string) {
	n := float64(len(c.sets))
	mbytes := float64(c.bytes) / 1e6
	fmt.Printf("\n%-26s", "")
	for _, name := range names {
		fmt.Printf(" | %-34s", name)
	}
	fmt.Println()
	stage := func(label string, d func(result) time.Duration) {
		fmt.Printf("%-26s", label)
		for _, r := range meds {
			s := d(r).Seconds()
			fmt.Printf(" | %7.2fs %9.0f art/s %7.1f MB/s", s, n/s, mbytes/s)
		}
		fmt.Println()
	}
	sign := func(r result) time.Duration { return r.sign }
	index := func(r result) time.Duration { return r.index }
	pairs := func(r result) time.Duration { return r.pairs }
	total := func(r result) time.Duration { return r.sign + r.index + r.pairs }
	cpuTotal := func(r result) time.Duration { return r.cpu[0] + r.cpu[1] + r.cpu[2] }
	stage("sign", sign)
	stage("index (add)", index)
	stage("pairs (query all)", pairs)
	stage("total", total)
	row := func(label string, f func(result) string) {
		fmt.Printf("%-26s", label)
		for _, r := range meds {
			fmt.Printf(" | %-34s", f(r))
		}
		fmt.Println()
	}
	row("CPU s: sign/index/pairs", func(r result) string {
		return fmt.Sprintf("%.2f / %.2f / %.2f", r.cpu[0].Seconds(), r.cpu[1].Seconds(), r.cpu[2].Seconds())
	})
	row("CPU s: total", func(r result) string {
		return fmt.Sprintf("%.2f (%.0f art/CPU-s)", cpuTotal(r).Seconds(), n/cpuTotal(r).Seconds())
	})
	row("peak heap above shingles", func(r result) string { return fmt.Sprintf("%.0f MB (HeapAlloc)", mb(r.peakHeap)) })
	row("live after indexing", func(r result) string { return fmt.Sprintf("%.0f MB (signatures + index)", mb(r.retained)) })
	row("candidate pairs", func(r result) string { return fmt.Sprint(len(r.cands)) })
	var want int
	for _, g := range c.gold {
		if g.j >= o.recallJ {
			want++
		}
	}
	row(fmt.Sprintf("recall, gold J ≥ %.2f", o.recallJ), func(r result) string {
		got := 0
		for _, g := range c.gold {
			if g.j >= o.recallJ && has(r.cands, g.a, g.b) {
				got++
			}
		}
		return fmt.Sprintf("%.4f (%d/%d)", float64(got)/float64(max(want, 1)), got, want)
	})
	row("recall, all gold pairs", func(r result) string {
		got := 0
		for _, g := range c.gold {
			if has(r.cands, g.a, g.b) {
				got++
			}
		}
		return fmt.Sprintf("%.4f (%d/%d)", float64(got)/float64(max(len(c.gold), 1)), got, len(c.gold))
	})
	row(fmt.Sprintf("candidates with J ≥ %.2f", o.threshold), func(r result) string {
		k := 0
		for _, p := range r.cands {
			if jaccard(c.sets[p>>32], c.sets[uint32(p)]) >= o.threshold {
				k++
			}
		}
		return fmt.Sprintf("%d (%.1f%%)", k, 100*float64(k)/float64(max(len(r.cands), 1)))
	})

	// Ratios to the last column (ekzhu), when it ran.
	last := len(names) - 1
	if last < 1 || !strings.HasPrefix(names[last], "ekzhu") {
		return
	}
	fmt.Printf("\n%-32s | %8s %8s %8s %8s | %9s\n", "throughput ÷ "+names[last], "sign", "index", "pairs", "total", "CPU total")
	for i := range last {
		ratio := func(d func(result) time.Duration) float64 {
			return d(meds[last]).Seconds() / d(meds[i]).Seconds()
		}
		fmt.Printf("%-32s | %7.1f× %7.1f× %7.1f× %7.1f× | %8.1f×\n", names[i], ratio(sign), ratio(index), ratio(pairs), ratio(total), ratio(cpuTotal))
	}
}

func has(pairs []uint64, a, b int32) bool {
	if a > b {
		a, b = b, a
	}
	x := uint64(a)<<32 | uint64(b)
	_, ok := slices.BinarySearch(pairs, x)
	return ok
}

// printGold prints how similar the gold pairs are.
func printGold(c *corpus, recallJ float64) {
	var hist [11]int
	above := 0
	for _, g := range c.gold {
		hist[min(int(g.j*10), 10)]++
		if g.j >= recallJ {
			above++
		}
	}
	fmt.Printf("gold     %d derived articles; exact Jaccard of word 3-shingles with their parent:", len(c.gold))
	for i, h := range hist[:10] {
		if i == 9 {
			h += hist[10]
		}
		fmt.Printf(" %.1f–:%d", float64(i)/10, h)
	}
	fmt.Printf("\n         %d pairs (%.1f%%) with J ≥ %.2f\n", above, 100*float64(above)/float64(max(len(c.gold), 1)), recallJ)
}

// checkCrossTree checks the corpus: pairs of articles whose derivation
// trees differ (no common original) should not be near-duplicates.
func checkCrossTree(c *corpus, meds []result) {
	root := make([]int32, len(c.sets))
	for i := range root {
		root[i] = int32(i)
		if p := c.parent[i]; p >= 0 && int(p) < i {
			root[i] = root[p]
		}
	}
	all := slices.Concat(func() [][]uint64 {
		var v [][]uint64
		for _, r := range meds {
			v = append(v, r.cands)
		}
		return v
	}()...)
	slices.Sort(all)
	all = slices.Compact(all)
	var cross, cross5, cross8, same int
	var worst float64
	var examples []string
	for _, p := range all {
		a, b := p>>32, uint64(uint32(p))
		if root[a] == root[b] {
			same++
			continue
		}
		cross++
		j := jaccard(c.sets[a], c.sets[b])
		worst = max(worst, j)
		if j >= 0.5 {
			cross5++
			if len(examples) < 5 {
				examples = append(examples, fmt.Sprintf("%s~%s %.3f", c.ids[a], c.ids[b], j))
			}
		}
		if j >= 0.8 {
			cross8++
		}
	}
	fmt.Printf("\ncheck    candidates of either library: %d in one derivation tree, %d across trees (%d with J ≥ 0.5, %d with J ≥ 0.8; largest J %.3f)\n",
		same, cross, cross5, cross8, worst)
	if len(examples) > 0 {
		fmt.Printf("         e.g. %s\n", strings.Join(examples, ", "))
	}
}

// checkSiblings prints how similar originals made from the same base
// article are: they should be related, never near-duplicates.
func checkSiblings(c *corpus) {
	var groups [][]int32
	for _, g := range c.base {
		if len(g) > 1 {
			groups = append(groups, g)
		}
	}
	var mu sync.Mutex
	var hist [10]int
	var pairs int
	var worst float64
	var worstPair string
	parallel(len(groups), runtime.GOMAXPROCS(0), func(lo, hi int) {
		var h [10]int
		n, w, wp := 0, 0.0, ""
		for _, g := range groups[lo:hi] {
			for x := range g {
				for y := range x {
					j := jaccard(c.sets[g[x]], c.sets[g[y]])
					h[min(int(j*10), 9)]++
					n++
					if j > w {
						w, wp = j, c.ids[g[y]]+"~"+c.ids[g[x]]
					}
				}
			}
		}
		mu.Lock()
		for i := range h {
			hist[i] += h[i]
		}
		pairs += n
		if w > worst {
			worst, worstPair = w, wp
		}
		mu.Unlock()
	})
	fmt.Printf("siblings %d pairs of originals from the same base article; exact Jaccard:", pairs)
	for i, h := range hist {
		fmt.Printf(" %.1f–:%d", float64(i)/10, h)
	}
	fmt.Printf("\n         largest %.3f (%s)\n", worst, worstPair)
}

// jaccard returns the Jaccard similarity of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	i, j, inter := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func above(x, base uint64) uint64 {
	if x < base {
		return 0
	}
	return x - base
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

// load reads the corpus and shingles every article once, on o.workers
// goroutines.
func load(o options) (*corpus, error) {
	f, err := os.Open(o.corpus)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 4<<20)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = bufio.NewReaderSize(zr, 4<<20)
	}
	type batch struct {
		first int
		lines [][]byte
		ids   []string
		sets  [][]uint64
		bytes int64
		err   error
		done  chan struct{}
	}
	jobs := make(chan *batch, 4)
	ordered := make(chan *batch, 4+o.workers)
	var readErr error
	go func() {
		defer close(jobs)
		defer close(ordered)
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 256<<20)
		n := 0
		b := &batch{done: make(chan struct{})}
		send := func() {
			ordered <- b
			jobs <- b
			b = &batch{first: n, done: make(chan struct{})}
		}
		for sc.Scan() && (o.limit <= 0 || n < o.limit) {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			b.lines = append(b.lines, slices.Clone(line))
			n++
			if len(b.lines) == 1024 {
				send()
			}
		}
		readErr = sc.Err()
		if len(b.lines) > 0 {
			send()
		}
	}()
	var wg sync.WaitGroup
	for range o.workers {
		wg.Go(func() {
			var sh ours.Shingler
			for b := range jobs {
				for k, line := range b.lines {
					var rec struct {
						ID    string `json:"id"`
						Title string `json:"title"`
						Text  string `json:"text"`
					}
					if err := json.Unmarshal(line, &rec); err != nil {
						b.err = fmt.Errorf("%s: article %d: %w", o.corpus, b.first+k+1, err)
						break
					}
					b.ids = append(b.ids, rec.ID)
					b.sets = append(b.sets, sh.Shingles(rec.Title, rec.Text))
					b.bytes += int64(len(rec.Title) + len(rec.Text))
				}
				b.lines = nil
				close(b.done)
			}
		})
	}
	c := &corpus{}
	var firstErr error
	for b := range ordered {
		<-b.done
		if b.err != nil && firstErr == nil {
			firstErr = b.err
		}
		c.ids = append(c.ids, b.ids...)
		c.sets = append(c.sets, b.sets...)
		c.bytes += b.bytes
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if readErr != nil {
		return nil, readErr
	}
	if len(c.sets) == 0 {
		return nil, errors.New(o.corpus + ": no article")
	}
	return c, nil
}

// loadGold reads the gold TSV and computes the exact Jaccard of every
// (article, derived from) pair whose articles were both read.
func loadGold(c *corpus, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	idx := make(map[string]int32, len(c.ids))
	for i, id := range c.ids {
		idx[id] = int32(i)
	}
	c.base = map[string][]int32{}
	c.parent = make([]int32, len(c.ids))
	for i := range c.parent {
		c.parent[i] = -1
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	line := 0
	for sc.Scan() {
		line++
		cols := strings.SplitN(sc.Text(), "\t", 3)
		if line == 1 && cols[0] == "id" {
			continue
		}
		if len(cols) < 2 {
			return fmt.Errorf("%s:%d: want id<TAB>derived_from<TAB>edits", path, line)
		}
		if cols[1] == "" {
			if len(cols) == 3 {
				if i, ok := idx[cols[0]]; ok {
					for _, f := range strings.Fields(cols[2]) {
						if b, ok := strings.CutPrefix(f, "base="); ok {
							c.base[b] = append(c.base[b], i)
						}
					}
				}
			}
			continue
		}
		a, okA := idx[cols[0]]
		b, okB := idx[cols[1]]
		if !okA || !okB {
			continue
		}
		c.parent[a] = b
		c.gold = append(c.gold, goldPair{a: a, b: b})
	}
	if err := sc.Err(); err != nil {
		return err
	}
	parallel(len(c.gold), runtime.GOMAXPROCS(0), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			g := &c.gold[i]
			g.j = jaccard(c.sets[g.a], c.sets[g.b])
		}
	})
	sort.Slice(c.gold, func(i, j int) bool { return c.gold[i].a < c.gold[j].a })
	return nil
}

// parallel runs f over [0, n) cut into chunks, on workers goroutines.
func parallel(n, workers int, f func(lo, hi int)) {
	var next chunker
	parallelWorkers(workers, func(int) {
		for {
			lo, hi, ok := next.take(n)
			if !ok {
				return
			}
			f(lo, hi)
		}
	})
}

func parallelWorkers(workers int, f func(w int)) {
	var wg sync.WaitGroup
	for w := range max(workers, 1) {
		wg.Go(func() { f(w) })
	}
	wg.Wait()
}

// chunker hands out chunks of [0, n).
type chunker struct {
	mu   sync.Mutex
	next int
}

func (c *chunker) take(n int) (lo, hi int, ok bool) {
	const chunk = 256
	c.mu.Lock()
	lo = c.next
	c.next += chunk
	c.mu.Unlock()
	if lo >= n {
		return 0, 0, false
	}
	return lo, min(lo+chunk, n), true
}
