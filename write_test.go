package samestory

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// limitWriter takes up to n bytes, then fails with errFull, or, with
// cancel set, takes everything and cancels the run once it holds n.
type limitWriter struct {
	buf    bytes.Buffer
	n      int
	cancel context.CancelFunc
}

var errFull = errors.New("disk full")

func (w *limitWriter) Write(p []byte) (int, error) {
	if w.cancel != nil {
		w.buf.Write(p)
		if w.buf.Len() >= w.n {
			w.cancel()
		}
		return len(p), nil
	}
	room := max(w.n-w.buf.Len(), 0)
	if len(p) > room {
		w.buf.Write(p[:room])
		return room, errFull
	}
	return w.buf.Write(p)
}

// The writing pass, which reads the next batch of records while one is
// written, stops at a write error or at a cancellation with that error,
// having written the start of the full output and nothing else, whether
// it comes early, inside a batch or at a huge record, which is written
// in its place. A cancelled run leaves whole records, as many as it
// counts as written.
func TestWriteStops(t *testing.T) {
	path := filepath.Join(t.TempDir(), "in.jsonl")
	var b strings.Builder
	for i := range 9000 {
		text := fmt.Sprintf("word%d shared text %d about event %d", i, i%50, i%7)
		if i == 5000 {
			text = strings.Repeat("a long record of many words ", bigRecord/20)
		}
		fmt.Fprintf(&b, "{\"id\":\"a%d\",\"title\":\"title %d\",\"text\":%q}\n", i, i%300, text)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	full, sum := runJob(t, DefaultConfig(), path)
	if sum.Written != 9000 || !bytes.Contains(full, []byte(`"id":"a5000"`)) {
		t.Fatalf("wrote %d records", sum.Written)
	}
	for _, cancel := range []bool{false, true} {
		for _, n := range []int{1000, len(full) / 2, len(full) - 100} {
			if cancel && n > len(full)/2 {
				continue // stopped as the last bytes go: it may be too late to tell
			}
			ctx, stop := context.WithCancel(context.Background())
			w := &limitWriter{n: n}
			want := errFull
			if cancel {
				w.cancel, want = stop, context.Canceled
			}
			job, err := NewJob(DefaultConfig(), []string{path}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := job.Run(ctx, w, All)
			job.Close()
			stop()
			if !errors.Is(err, want) {
				t.Errorf("cancel %v, at %d bytes: error %v, want %v", cancel, n, err, want)
			}
			out := w.buf.Bytes()
			if !bytes.HasPrefix(full, out) || len(out) >= len(full) {
				t.Errorf("cancel %v, at %d bytes: wrote %d bytes, not the start of the %d of a full run", cancel, n, len(out), len(full))
			}
			// Stopped, the output holds whole records, as many as the
			// summary says were written.
			if lines := bytes.Count(out, []byte("\n")); cancel && (lines != got.Written || len(out) > 0 && out[len(out)-1] != '\n') {
				t.Errorf("cancel at %d bytes: %d lines (ending %q), summary says %d written", n, lines, out[max(len(out)-10, 0):], got.Written)
			}
		}
	}
}
