//go:build unix

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// interruptible is samestory cluster reading standard input from a pipe
// the test writes to, in a process of its own, its standard error read
// line by line.
type interruptible struct {
	cmd    *exec.Cmd
	stdin  *os.File
	lines  chan string // standard error
	stderr []string
	tmp    string // its TMPDIR
}

func startInterruptible(t *testing.T, records int) *interruptible {
	t.Helper()
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "cluster", "-o", filepath.Join(dir, "out.jsonl"), "--errors", filepath.Join(dir, "errors.jsonl"), "-")
	cmd.Env = append(os.Environ(), cliMainEnv+"=1", "TMPDIR="+tmp)
	pr, stdin, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdin = pr
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pr.Close() // the child's now
	p := &interruptible{cmd: cmd, stdin: stdin, lines: make(chan string, 100), tmp: tmp}
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	// More than a pipe holds: once written, most of it has been read.
	w := bufio.NewWriter(stdin)
	fmt.Fprintln(w, "not json")
	for i := range records {
		fmt.Fprintf(w, `{"id":"r%d","title":"Report %d","text":"%s"}`+"\n", i, i, strings.Repeat(fmt.Sprintf("word%d ", i%97), 40))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	// Then all of it, so that samestory waits on its input when a test
	// interrupts it, whatever the load on the machine: otherwise it may
	// stop at the next record, before a second Ctrl-C.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if n, ok := unread(stdin); !ok || n == 0 {
			break
		}
	}
	time.Sleep(50 * time.Millisecond) // for the records read to be handed on
	return p
}

// await returns the first line of standard error matching re, failing
// after a few seconds.
func (p *interruptible) await(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				t.Fatalf("standard error ended without a line matching %s:\n%s", re, strings.Join(p.stderr, "\n"))
			}
			p.stderr = append(p.stderr, l)
			if m := re.FindStringSubmatch(l); m != nil {
				return m
			}
		case <-timeout:
			t.Fatalf("no line matching %s within 20s:\n%s", re, strings.Join(p.stderr, "\n"))
		}
	}
}

// wait waits for the process to end, failing after a few seconds.
func (p *interruptible) wait(t *testing.T) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		for l := range p.lines {
			p.stderr = append(p.stderr, l)
		}
		done <- p.cmd.Wait()
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("the process did not end within 20s:\n%s", strings.Join(p.stderr, "\n"))
	}
	return nil
}

var stopping = regexp.MustCompile(`^samestory cluster: interrupted while (\w+); stopping \(Ctrl-C again to quit at once\)$`)

// Ctrl-C while reading: samestory says at once that it is stopping, then
// stops (once its input ends, as it does when Ctrl-C ends the program
// writing to the pipe too), with exit code 1, saying how far it got, and
// leaves no spooled copy of standard input behind.
func TestInterruptStopsCleanly(t *testing.T) {
	p := startInterruptible(t, 3000)
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if m := p.await(t, stopping); m[1] != "reading" {
		t.Errorf("interrupted while %s, want reading", m[1])
	}
	p.stdin.Close()
	err := p.wait(t)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitFail {
		t.Fatalf("exit: %v, want code %d\n%s", err, exitFail, strings.Join(p.stderr, "\n"))
	}
	last := p.stderr[len(p.stderr)-1]
	m := regexp.MustCompile(`^samestory cluster: interrupted while reading; read (\d+) records, wrote 0, rejected [01]; the output is incomplete$`).FindStringSubmatch(last)
	if m == nil || m[1] == "0" {
		t.Errorf("last line %q does not say how far the run got", last)
	}
	all := strings.Join(p.stderr, "\n")
	if strings.Contains(all, "panic") || strings.Contains(all, "goroutine ") {
		t.Errorf("a stack trace:\n%s", all)
	}
	if ents, _ := os.ReadDir(p.tmp); len(ents) > 0 {
		t.Errorf("left behind in TMPDIR: %v", ents)
	}
}

// A second Ctrl-C ends the process at once, even while it waits for input.
func TestSecondInterruptQuits(t *testing.T) {
	p := startInterruptible(t, 3000)
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	p.await(t, stopping)
	start := time.Now()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := p.wait(t) // standard input is still open: only the signal ends it
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("exit: %v, want the process ended by the signal", err)
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Errorf("exit status %v, want killed by SIGINT", ee)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to quit", d)
	}
}
