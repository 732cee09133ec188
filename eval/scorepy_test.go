package eval_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samestory/samestory/eval"
)

// scorePy is scripts/score.py relative to this package's directory.
const scorePy = "../scripts/score.py"

// runScorePy runs scripts/score.py with args and returns its stdout,
// skipping the test when python3 or the script is not available.
func runScorePy(t *testing.T, args ...string) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	if _, err := os.Stat(scorePy); err != nil {
		t.Skipf("no %s: %v", scorePy, err)
	}
	cmd := exec.Command(py, append([]string{scorePy}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("score.py %v: %v\n%s", args, err, stderr.String())
	}
	return string(out)
}

// writeOutput writes assignments as samestory JSONL, gzipped if the name
// ends in .gz, and returns the path.
func writeOutput(t *testing.T, name string, out []eval.Assignment) string {
	t.Helper()
	var buf bytes.Buffer
	for _, a := range out {
		var dup any
		if a.Group != a.ID {
			dup = a.Group
		}
		rec := map[string]any{"id": a.ID, "text": "x", "samestory": map[string]any{
			"id": a.ID, "story": a.Story, "canonical": dup == nil, "duplicate_of": dup, "similarity": 1,
		}}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	data := buf.Bytes()
	if strings.HasSuffix(name, ".gz") {
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		if _, err := zw.Write(data); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		data = z.Bytes()
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// sameJSON reports where two decoded JSON values differ, comparing numbers
// with tolerance 1e-9 and everything else exactly; "" when they agree.
func sameJSON(path string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		for k := range x {
			if d := sameJSON(path+"."+k, x[k], y[k]); d != "" {
				return d
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		for i := range x {
			if d := sameJSON(fmt.Sprintf("%s[%d]", path, i), x[i], y[i]); d != "" {
				return d
			}
		}
	case float64:
		y, ok := b.(float64)
		if !ok || math.Abs(x-y) > 1e-9 {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
	default:
		if a != b {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
	}
	return ""
}

// compareWithScorePy checks that score.py prints the same table as
// WriteTable and the same JSON as json.Marshal of scores.
func compareWithScorePy(t *testing.T, scores interface{ WriteTable(io.Writer) error }, args ...string) {
	t.Helper()
	var table bytes.Buffer
	if err := scores.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	if got := runScorePy(t, args...); got != table.String() {
		t.Errorf("score.py table:\n%s\nGo table:\n%s", got, table.String())
	}
	goJSON, err := json.Marshal(scores)
	if err != nil {
		t.Fatal(err)
	}
	var g, p any
	if err := json.Unmarshal(goJSON, &g); err != nil {
		t.Fatal(err)
	}
	pyJSON := runScorePy(t, append(args, "--json")...)
	if err := json.Unmarshal([]byte(pyJSON), &p); err != nil {
		t.Fatalf("score.py --json: %v\n%s", err, pyJSON)
	}
	if d := sameJSON("", g, p); d != "" {
		t.Errorf("Go and score.py JSON differ at %s\nGo: %s\npy: %s", d, goJSON, pyJSON)
	}
}

func TestScorePyClusters(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 14))
	for trial := range 6 {
		n := 5 + rng.IntN(300)
		kPred, kGold := 1+rng.IntN(n), 1+rng.IntN(n)
		var out []eval.Assignment
		var gold strings.Builder
		gold.WriteString("id\tevent\n")
		goldMap := map[string]string{}
		for i := range n {
			id := fmt.Sprintf("doc-%04d", rng.IntN(10*n)) // collisions skipped below
			if _, seen := goldMap[id]; seen {
				continue
			}
			story := fmt.Sprintf("s%d", rng.IntN(kPred))
			group := id
			if rng.IntN(3) == 0 && len(out) > 0 {
				group = out[rng.IntN(len(out))].ID
			}
			label := fmt.Sprintf("event-%d_ecb", rng.IntN(kGold))
			if i%13 != 0 {
				out = append(out, eval.Assignment{ID: id, Story: story, Group: group})
			}
			if i%17 != 5 {
				fmt.Fprintf(&gold, "%s\t%s\n", id, label)
			}
			goldMap[id] = label
		}
		name := "out.jsonl"
		if trial%2 == 1 {
			name = "out.jsonl.gz"
		}
		outPath := writeOutput(t, name, out)
		goldPath := writeFile(t, "gold.tsv", gold.String())
		// Score what the Go readers read, so the readers are compared too.
		f, err := os.Open(outPath)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var r io.Reader = f
		if strings.HasSuffix(name, ".gz") {
			if r, err = gzip.NewReader(f); err != nil {
				t.Fatal(err)
			}
		}
		got, err := eval.ReadAssignments(r, name)
		if err != nil {
			t.Fatal(err)
		}
		g, err := eval.ReadGold(strings.NewReader(gold.String()), "gold.tsv")
		if err != nil {
			t.Fatal(err)
		}
		for _, level := range []eval.Level{eval.LevelStory, eval.LevelGroup} {
			t.Run(fmt.Sprintf("trial%d/%v", trial, level), func(t *testing.T) {
				compareWithScorePy(t, eval.ScoreClusters(got, g.Clusters, level), outPath, goldPath, "--level", level.String())
			})
		}
	}
}

func TestScorePyPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 18))
	var out []eval.Assignment
	for i := range 80 {
		id := fmt.Sprintf("snn-%03d", i)
		group := id
		if i > 0 && rng.IntN(3) == 0 {
			group = out[rng.IntN(len(out))].Group
		}
		out = append(out, eval.Assignment{ID: id, Story: fmt.Sprintf("st%d", rng.IntN(12)), Group: group})
	}
	var gold strings.Builder
	gold.WriteString("pair\tid_a\tid_b\tlabel\tconfidence\treason\r\n")
	labels := []string{"DUP", "SAME_EVENT", "DIFFERENT"}
	for i := range 120 {
		a, b := fmt.Sprintf("snn-%03d", rng.IntN(90)), fmt.Sprintf("snn-%03d", rng.IntN(90)) // some missing
		reason := ""
		if rng.IntN(2) == 0 {
			reason = fmt.Sprintf("reason %d, near-verbatim", i)
		}
		fmt.Fprintf(&gold, "p%03d\t%s\t%s\t%s\t%d\t%s\r\n", i, a, b, labels[rng.IntN(3)], 1+rng.IntN(3), reason)
	}
	outPath := writeOutput(t, "out.jsonl", out)
	goldPath := writeFile(t, "pairs.tsv", gold.String())
	g, err := eval.ReadGold(strings.NewReader(gold.String()), "pairs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	compareWithScorePy(t, eval.ScorePairs(out, g.Pairs), outPath, goldPath)
}
