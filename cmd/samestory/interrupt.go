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

	mu   sync.Mutex
	at   samestory.Progress // the job's progress when the signal came
	came bool
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
		in.at, in.came = at, true
		in.mu.Unlock()
		again := "Ctrl-C again to quit at once"
		if s != os.Interrupt {
			again = "a second signal ends it at once"
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

// interrupted returns the job's progress when the signal came, and
// whether one came.
func (in *interrupt) interrupted() (samestory.Progress, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.at, in.came
}

// where says how far a run had got when it was interrupted: the stage and,
// while reading or writing, how many records into it.
func (in *interrupt) where() string {
	at, _ := in.interrupted()
	s := at.Stage
	if (s == "reading" || s == "writing") && at.Records > 0 {
		s += fmt.Sprintf(" (%d records in)", at.Records)
	}
	return s
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
