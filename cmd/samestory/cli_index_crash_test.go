//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/samestory/samestory/index"
)

// buildSamestory builds the command into dir and returns its path.
func buildSamestory(t *testing.T, dir string) string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to build samestory with")
		}
	}
	bin := filepath.Join(dir, "samestory")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// syntheticBatch writes n articles as JSON Lines: stories of a few
// articles on a topic of their own, over a few days, some of them copies
// (edited a little) of an article of this batch or of earlier, which
// other holds.
func syntheticBatch(t *testing.T, path, prefix string, n int, seed uint64, other []string) []string {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	word := func() string {
		const letters = "abcdefghijklmnopqrstuvwxyz"
		b := make([]byte, 4+rng.IntN(6))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		return string(b)
	}
	common := make([]string, 400)
	for i := range common {
		common[i] = word()
	}
	var texts []string
	var b strings.Builder
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; {
		topic := make([]string, 25)
		for k := range topic {
			topic[k] = word()
		}
		size := 1 + rng.IntN(4)
		when := day.Add(time.Duration(rng.IntN(5*24)) * time.Hour)
		for k := 0; k < size && i < n; k++ {
			var text string
			switch {
			case rng.IntN(6) == 0 && len(texts)+len(other) > 0:
				// A copy, edited a little, of an article of this batch or
				// an earlier one.
				pool := append(texts[:len(texts):len(texts)], other...)
				ws := strings.Fields(pool[rng.IntN(len(pool))])
				for e := 0; e < len(ws)/20; e++ {
					ws[rng.IntN(len(ws))] = word()
				}
				text = strings.Join(ws, " ")
			default:
				ws := make([]string, 80+rng.IntN(120))
				for w := range ws {
					if rng.IntN(3) == 0 {
						ws[w] = topic[rng.IntN(len(topic))]
					} else {
						ws[w] = common[rng.IntN(len(common))]
					}
				}
				text = strings.Join(ws, " ")
			}
			texts = append(texts, text)
			rec, _ := json.Marshal(map[string]string{
				"id":        fmt.Sprintf("%s-%04d", prefix, i),
				"title":     strings.Join(strings.Fields(text)[:6], " "),
				"text":      text,
				"published": when.Add(time.Duration(k) * time.Hour).Format(time.RFC3339),
			})
			b.Write(rec)
			b.WriteByte('\n')
			i++
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return texts
}

// indexState is what an index holds, for comparing states.
type indexState struct {
	Assign            []index.Assignment
	Articles, Stories int
}

// readIndex opens an index read-only, checks that it is consistent and
// returns its assignments.
func readIndex(t *testing.T, dir string) indexState {
	t.Helper()
	ix, err := index.Open(dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open after kill: %v", err)
	}
	defer ix.Close()
	if err := ix.Verify(); err != nil {
		t.Fatalf("after kill: %v", err)
	}
	as, err := ix.Assignments()
	if err != nil {
		t.Fatal(err)
	}
	s, err := ix.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != s.Articles {
		t.Fatalf("%d assignments, %d articles", len(as), s.Articles)
	}
	return indexState{as, s.Articles, s.Stories}
}

func copyIndexFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestIndexCrash kills "cluster --index" (SIGKILL) at random points of a
// batch, 20 times, and checks each time that the index opens, is
// consistent and is as it was before the batch or as after it; then that
// running the batch again completes it, with nothing lost or indexed
// twice.
func TestIndexCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds samestory and runs it some 50 times")
	}
	dir := t.TempDir()
	bin := buildSamestory(t, dir)
	const nA, nB = 400, 200
	batchA, batchB := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	textsA := syntheticBatch(t, batchA, "a", nA, 1, nil)
	syntheticBatch(t, batchB, "b", nB, 2, textsA)

	runBin := func(ixDir string) (*exec.Cmd, error) {
		cmd := exec.Command(bin, "cluster", "-q", "--index", ixDir, "-o", filepath.Join(ixDir, "out.jsonl"), batchB)
		cmd.Stderr = new(strings.Builder)
		return cmd, cmd.Start()
	}
	finish := func(ixDir string) time.Duration {
		start := time.Now()
		cmd, err := runBin(ixDir)
		if err == nil {
			err = cmd.Wait()
		}
		if err != nil {
			t.Fatalf("batch B on %s: %v\n%s", ixDir, err, cmd.Stderr)
		}
		return time.Since(start)
	}

	base := filepath.Join(dir, "base")
	if r := runCLI(t, nil, "cluster", "-q", "--index", base, "-o", filepath.Join(dir, "a.out"), batchA); r.code != 0 {
		t.Fatalf("batch A: %s", r.stderr)
	}
	before := readIndex(t, base)
	if before.Articles != nA {
		t.Fatalf("batch A indexed %d articles, want %d", before.Articles, nA)
	}
	ref := filepath.Join(dir, "ref")
	copyIndexFile(t, filepath.Join(base, index.DBFile), filepath.Join(ref, index.DBFile))
	took := finish(ref)
	after := readIndex(t, ref)
	if after.Articles != nA+nB {
		t.Fatalf("batch B indexed %d articles in all, want %d", after.Articles, nA+nB)
	}
	t.Logf("batch B takes %v", took)

	const kills = 20 // processes killed, at least
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	outcome := map[string]int{}
	for i := 0; outcome["killed"] < kills; i++ {
		if i == 3*kills {
			t.Fatalf("%d runs, %d of them killed: the runs finish before they can be killed", i, outcome["killed"])
		}
		ixDir := filepath.Join(dir, fmt.Sprintf("kill%02d", i))
		db := filepath.Join(ixDir, index.DBFile)
		copyIndexFile(t, filepath.Join(base, index.DBFile), db)
		fi, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		cmd, err := runBin(ixDir)
		if err != nil {
			t.Fatal(err)
		}
		// Two kills in three come at a random moment of the run; the
		// third comes while the commit writes: once the database file
		// changes (a run writes to it only when it commits), after a
		// random delay from 10 µs to 20 ms.
		var when string
		if i%3 != 2 {
			delay := time.Duration(rng.Float64() * float64(took))
			time.Sleep(delay)
			when = fmt.Sprintf("after %v", delay)
		} else {
			deadline := time.Now().Add(10 * took)
			for time.Now().Before(deadline) {
				if now, err := os.Stat(db); err == nil && (now.Size() != fi.Size() || !now.ModTime().Equal(fi.ModTime())) {
					break
				}
				time.Sleep(50 * time.Microsecond)
			}
			delay := time.Duration(10e3 * math.Exp2(11*rng.Float64()))
			time.Sleep(delay)
			when = fmt.Sprintf("%v after the commit began", delay)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		werr := cmd.Wait()
		killed := werr != nil
		if !killed {
			when += " (it had finished)"
		} else if st, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || st.Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d %s: the run failed: %v\n%s", i, when, werr, cmd.Stderr)
		}

		got := readIndex(t, ixDir)
		switch {
		case reflect.DeepEqual(got, before):
			outcome["as before"]++
			t.Logf("kill %2d %s: as before", i, when)
		case reflect.DeepEqual(got, after):
			outcome["as after"]++
			t.Logf("kill %2d %s: as after", i, when)
		default:
			t.Fatalf("kill %d %s: the index is neither as before (%d articles) nor as after the batch (%d): %d articles, %d stories",
				i, when, before.Articles, after.Articles, got.Articles, got.Stories)
		}
		if killed {
			outcome["killed"]++
		} else {
			outcome["finished before the kill"]++
		}
		if d := finish(ixDir); reflect.DeepEqual(got, before) {
			// A whole run of the batch: follow how long runs take now.
			took = (took*2 + d) / 3
		}
		if got := readIndex(t, ixDir); !reflect.DeepEqual(got, after) {
			t.Fatalf("kill %d %s, then a rerun: %d articles, %d stories; want %d, %d as without the kill",
				i, when, got.Articles, got.Stories, after.Articles, after.Stories)
		}
	}
	t.Logf("%v", outcome)
}
