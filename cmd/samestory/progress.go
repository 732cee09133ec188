package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/samestory/samestory"
)

// progress prints a job's progress on a terminal, rewriting one line.
type progress struct {
	w    io.Writer
	job  *samestory.Job
	done chan struct{}
	wg   sync.WaitGroup
}

// startProgress starts printing progress to w when w is a terminal, and
// returns nil (printing nothing) otherwise.
func startProgress(w io.Writer, job *samestory.Job) *progress {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	p := &progress{w: w, job: job, done: make(chan struct{})}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			fmt.Fprint(p.w, "\r\033[K")
			return
		case <-t.C:
			fmt.Fprintf(p.w, "\r\033[K%s", progressLine(p.job.Progress()))
		}
	}
}

// progressLine describes a job's progress in one line: records and rate
// while reading or writing, with the share done and the time left when
// the input size is known; the time spent while grouping.
func progressLine(pr samestory.Progress) string {
	el := pr.Elapsed.Seconds()
	if pr.Stage == "grouping" {
		return fmt.Sprintf("%s: %s", pr.Stage, pr.Elapsed.Round(time.Second))
	}
	line := fmt.Sprintf("%s: %d records", pr.Stage, pr.Records)
	if el >= 1 && pr.Records > 0 {
		line += fmt.Sprintf(", %.0f/s", float64(pr.Records)/el)
	}
	if pr.Total > 0 && pr.Bytes > 0 {
		frac := min(float64(pr.Bytes)/float64(pr.Total), 1)
		line += fmt.Sprintf(", %.0f%%", 100*frac)
		if el >= 1 && frac > 0.01 && frac < 1 {
			eta := time.Duration(el / frac * (1 - frac) * float64(time.Second))
			line += fmt.Sprintf(", %s left", eta.Round(time.Second))
		}
	}
	return line
}

func (p *progress) stop() {
	close(p.done)
	p.wg.Wait()
}
