package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

type paramsJSON struct {
	Threshold     float64 `json:"threshold"`
	SignatureSize int     `json:"signature_size"`
	Bands         int     `json:"bands"`
	Rows          int     `json:"rows"`
	FalsePositive float64 `json:"false_positive"`
	FalseNegative float64 `json:"false_negative"`
	Curve         []struct {
		Similarity  float64 `json:"similarity"`
		Probability float64 `json:"probability"`
	} `json:"curve"`
}

func TestParamsJSON(t *testing.T) {
	r := mustRun(t, exitOK, nil, "params", "--json", "--threshold", "0.5", "--signature-size", "128")
	var p paramsJSON
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if p.Threshold != 0.5 || p.SignatureSize != 128 {
		t.Errorf("threshold %v, signature size %d", p.Threshold, p.SignatureSize)
	}
	if p.Bands < 1 || p.Rows < 1 || p.Bands*p.Rows > 128 {
		t.Errorf("bands %d × rows %d: want ≥ 1 each and a product ≤ 128", p.Bands, p.Rows)
	}
	if len(p.Curve) != 10 {
		t.Fatalf("curve has %d points, want 10", len(p.Curve))
	}
	for i, pt := range p.Curve {
		if want := float64(i+1) / 10; math.Abs(pt.Similarity-want) > 1e-9 {
			t.Errorf("point %d: similarity %v, want %v", i, pt.Similarity, want)
		}
		if pt.Probability < 0 || pt.Probability > 1 {
			t.Errorf("point %d: probability %v outside [0, 1]", i, pt.Probability)
		}
		if i > 0 && !(pt.Probability > p.Curve[i-1].Probability) {
			t.Errorf("probability does not increase from %v to %v", p.Curve[i-1].Probability, pt.Probability)
		}
	}
	// The S-curve 1-(1-s^r)^b.
	for _, pt := range p.Curve {
		want := 1 - math.Pow(1-math.Pow(pt.Similarity, float64(p.Rows)), float64(p.Bands))
		if math.Abs(pt.Probability-want) > 1e-9 {
			t.Errorf("P(%v) = %v, want %v", pt.Similarity, pt.Probability, want)
		}
	}
	// A threshold of 0.5 sits on the steep part of the curve.
	if p.Curve[2].Probability > 0.5 || p.Curve[6].Probability < 0.5 {
		t.Errorf("curve is not centred near 0.5: P(0.3)=%v P(0.7)=%v", p.Curve[2].Probability, p.Curve[6].Probability)
	}
}

func TestParamsTable(t *testing.T) {
	j := mustRun(t, exitOK, nil, "params", "--json", "--threshold", "0.5", "--signature-size", "128")
	var p paramsJSON
	if err := json.Unmarshal([]byte(j.stdout), &p); err != nil {
		t.Fatal(err)
	}
	r := mustRun(t, exitOK, nil, "params", "--threshold", "0.5", "--signature-size", "128")
	ls := lines(r.stdout)
	if len(ls) == 0 || !strings.Contains(ls[0], "bands") || !strings.Contains(ls[0], "rows") {
		t.Fatalf("first line does not give bands and rows:\n%s", r.stdout)
	}
	if !strings.Contains(ls[0], fmt.Sprint(p.Bands)) || !strings.Contains(ls[0], fmt.Sprint(p.Rows)) {
		t.Errorf("first line %q does not show %d bands and %d rows", ls[0], p.Bands, p.Rows)
	}
	var curve []float64
	for _, l := range ls {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		s, err1 := strconv.ParseFloat(f[0], 64)
		pr, err2 := strconv.ParseFloat(f[1], 64)
		if err1 == nil && err2 == nil {
			if want := float64(len(curve)+1) / 10; math.Abs(s-want) > 1e-9 {
				t.Errorf("curve row %q: similarity %v, want %v", l, s, want)
			}
			curve = append(curve, pr)
		}
	}
	if len(curve) != 10 {
		t.Fatalf("table has %d curve rows, want 10:\n%s", len(curve), r.stdout)
	}
	for i, pr := range curve {
		if math.Abs(pr-p.Curve[i].Probability) > 5e-5 {
			t.Errorf("row %d: %v, JSON says %v", i, pr, p.Curve[i].Probability)
		}
	}
}

func TestParamsBands(t *testing.T) {
	r := mustRun(t, exitOK, nil, "params", "--json", "--bands", "16", "--rows", "8")
	var p paramsJSON
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	if p.Bands != 16 || p.Rows != 8 {
		t.Errorf("bands %d rows %d, want 16 8", p.Bands, p.Rows)
	}
}

func TestParamsErrors(t *testing.T) {
	for _, args := range [][]string{
		{"params", "--threshold", "1.5"},
		{"params", "--threshold", "0"},
		{"params", "--bands", "200", "--rows", "1"},
		{"params", "--bands", "4"},
		{"params", "--bands", "4", "--rows", "4", "--threshold", "2"},
		{"params", "--signature-size", "0"},
	} {
		r := mustRun(t, exitUsage, nil, args...)
		if r.stdout != "" {
			t.Errorf("%q: stdout = %q, want empty", args, r.stdout)
		}
		if !strings.HasPrefix(r.stderr, "samestory params: ") {
			t.Errorf("%q: stderr = %q", args, r.stderr)
		}
	}
}
