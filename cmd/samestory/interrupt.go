package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/samestory/samestory"
)

// interrupt stops a run at the first Ctrl-C (or SIGTERM): it says at once
// that the run is stopping and in which stage, and cancels it. A second
// Ctrl-C is no longer caught, so it ends the process at once, as users
// expect when a stage takes a while to notice.
type interrupt struct {
	sig  chan os.Signal
	done chan struct{}
	once sync.Once

	mu sync.Mutex
	at samestory.Progress // the job's progress when the signal came
}

func watchInterrupt(stderr io.Writer, cmd string, job *samestory.Job, cancel context.CancelFunc) *interrupt {
	in := &interrupt{sig: make(chan os.Signal, 1), done: make(chan struct{})}
	signal.Notify(in.sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		var s os.Signal
		select {
		case s = <-in.sig:
		case <-in.done:
			return
		}
		signal.Stop(in.sig)
		at := job.Progress()
		in.mu.Lock()
		in.at = at
		in.mu.Unlock()
		again := "Ctrl-C again to quit at once"
		if s != os.Interrupt {
			again = "a second signal ends it at once"
		}
		if at.Stage == "done" {
			// Too late to stop anything: the run ends as it would have.
			return
		}
		fmt.Fprintf(stderr, "%ssamestory %s: interrupted while %s; stopping (%s)\n", clearLine(stderr), cmd, at.Stage, again)
		cancel()
	}()
	return in
}

// stop stops watching.
func (in *interrupt) stop() {
	in.once.Do(func() {
		signal.Stop(in.sig)
		close(in.done)
	})
}

// summary is the last line of an interrupted run, without the command's
// name: the stage the signal came in, and how many records were read and
// written (and rejected) by then; sum is the run's summary, now its
// progress. While reading, the records counted are those the reader
// took, analysed or not: the summary counts only those analysed.
func (in *interrupt) summary(sum samestory.Summary, now samestory.Progress) string {
	in.mu.Lock()
	at := in.at
	in.mu.Unlock()
	read := sum.Read
	if at.Stage == "reading" && now.Stage == "reading" {
		read = max(read, int(now.Records))
	}
	return fmt.Sprintf("interrupted while %s; read %s, wrote %d, rejected %d; the output is incomplete", at.Stage, plural(read, "record", "records"), sum.Written, sum.Rejected)
}

// clearLine is what clears a progress line on a terminal; "" elsewhere.
func clearLine(w io.Writer) string {
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			return "\r\033[K"
		}
	}
	return ""
}
