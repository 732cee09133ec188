package samestory

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/samestory/samestory/eval"
)

// The data the quality tests measure against lives beside the checkout
// (../shared), not in it; without it the tests skip.
const sharedData = "../shared/data"

func needShared(t *testing.T, path string) string {
	t.Helper()
	p := filepath.Join(sharedData, path)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not found: the quality data is not beside this checkout", p)
	}
	if testing.Short() {
		t.Skip("quality tests run the whole pipeline on real corpora; skipped with -short")
	}
	return p
}

// clusterTo runs the default pipeline on input and writes the output to a
// file, returning its path and the summary.
func clusterTo(t *testing.T, input string) (string, Summary) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Workers = runtime.GOMAXPROCS(0)
	out, sum := runJob(t, cfg, input)
	path := filepath.Join(t.TempDir(), "out.jsonl")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	if sum.Read != sum.Written+sum.Rejected {
		t.Errorf("read %d ≠ written %d + rejected %d", sum.Read, sum.Written, sum.Rejected)
	}
	return path, sum
}

func readOutput(t *testing.T, path string) []eval.Assignment {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	as, err := eval.ReadAssignments(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func readGold(t *testing.T, path string) *eval.Gold {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := eval.ReadGold(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// ECB+ dev: 500 English articles, 42 events, two similar events per topic.
func TestQualityECBPlus(t *testing.T) {
	docs := needShared(t, "ecbplus-dev/docs.jsonl.gz")
	goldPath := filepath.Join(sharedData, "ecbplus-dev/gold.tsv")
	out, _ := clusterTo(t, docs)
	s := eval.ScoreClusters(readOutput(t, out), readGold(t, goldPath).Clusters, eval.LevelStory)
	t.Logf("ECB+ dev: B-cubed P %.4f R %.4f F1 %.4f, ARI %.4f, %d predicted vs %d gold clusters",
		s.BCubedPrecision, s.BCubedRecall, s.BCubedF1, s.ARI, s.PredictedClusters, s.GoldClusters)
	if s.BCubedF1 < 0.90 || s.ARI < 0.83 {
		t.Errorf("B-cubed F1 %.4f (want ≥ 0.90), ARI %.4f (want ≥ 0.83)", s.BCubedF1, s.ARI)
	}
	if s.MissingInOutput != 0 || s.MissingInGold != 0 {
		t.Errorf("ids missing: %d in output, %d in gold", s.MissingInOutput, s.MissingInGold)
	}
	crossCheck(t, out, goldPath, map[string]float64{"bcubed_f1": s.BCubedF1, "ari": s.ARI, "pairwise_f1": s.PairwiseF1})
}

// SaudiNewsNet with the labelled pairs: copies in one group, the same
// event in one story, different events apart.
func TestQualityArabicPairs(t *testing.T) {
	docs := needShared(t, "saudinewsnet/articles.jsonl.gz")
	goldPath := filepath.Join(sharedData, "arabic-pairs-dev.tsv")
	out, sum := clusterTo(t, docs)
	s := eval.ScorePairs(readOutput(t, out), readGold(t, goldPath).Pairs)
	t.Logf("Arabic pairs: DUP together %d/%d, DUP+SAME_EVENT together %d/%d, DIFFERENT apart %d/%d",
		s.DupTogether, s.DupTotal, s.RelatedTogether, s.RelatedTotal, s.DifferentApart, s.DifferentTotal)
	if s.DupTogetherShare < 0.95 || s.RelatedTogetherShare < 0.90 || s.DifferentApartShare < 0.80 {
		t.Errorf("shares %.3f, %.3f, %.3f; want ≥ 0.95, 0.90, 0.80",
			s.DupTogetherShare, s.RelatedTogetherShare, s.DifferentApartShare)
	}
	if limit := sum.Read / 100; sum.Largest > limit {
		t.Errorf("largest story has %d articles, more than 1%% of %d", sum.Largest, sum.Read)
	}
	crossCheck(t, out, goldPath, map[string]float64{
		"dup_together_share":     s.DupTogetherShare,
		"related_together_share": s.RelatedTogetherShare,
		"different_apart_share":  s.DifferentApartShare,
	})
}

// crossCheck scores the output again with scripts/score.py, written
// independently of package eval, and compares the figures.
func crossCheck(t *testing.T, out, gold string, want map[string]float64) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 not found: independent scorer not run")
		return
	}
	cmd := exec.Command(py, "scripts/score.py", out, gold, "--json")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("score.py: %v: %s", err, stderr.String())
	}
	var got map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("score.py output: %v", err)
	}
	for k, v := range want {
		g, ok := got[k].(float64)
		if !ok || math.Abs(g-v) > 1e-9 {
			t.Errorf("score.py %s = %v, package eval says %v", k, got[k], v)
		}
	}
}
