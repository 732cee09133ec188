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
	w     io.Writer
	job   *samestory.Job
	done  chan struct{}
	wg    sync.WaitGroup
	start time.Time
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
	p := &progress{w: w, job: job, done: make(chan struct{}), start: time.Now()}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	stageStart, stage := time.Now(), ""
	for {
		select {
		case <-p.done:
			fmt.Fprint(p.w, "\r\033[K")
			return
		case <-t.C:
			pr := p.job.Progress()
			if pr.Stage != stage {
				stage, stageStart = pr.Stage, time.Now()
			}
			el := time.Since(stageStart).Seconds()
			line := fmt.Sprintf("%s: %d records", pr.Stage, pr.Records)
			if el > 0 && pr.Records > 0 {
				line += fmt.Sprintf(", %.0f/s", float64(pr.Records)/el)
			}
			if pr.Total > 0 && pr.Bytes > 0 && pr.Stage != "grouping" {
				frac := float64(pr.Bytes) / float64(pr.Total)
				line += fmt.Sprintf(", %.0f%%", 100*min(frac, 1))
				if frac > 0.01 && frac < 1 {
					eta := time.Duration(el/frac*(1-frac)) * time.Second
					line += fmt.Sprintf(", ETA %s", eta.Round(time.Second))
				}
			}
			fmt.Fprintf(p.w, "\r\033[K%s", line)
		}
	}
}

func (p *progress) stop() {
	close(p.done)
	p.wg.Wait()
}
