package main

import (
	"testing"
	"time"
)

func TestJaccard(t *testing.T) {
	for _, c := range []struct {
		a, b []uint64
		want float64
	}{
		{nil, nil, 0},
		{[]uint64{1, 2, 3}, []uint64{1, 2, 3}, 1},
		{[]uint64{1, 2, 3}, []uint64{2, 3, 4}, 0.5},
		{[]uint64{1}, []uint64{2}, 0},
	} {
		if got := jaccard(c.a, c.b); got != c.want {
			t.Errorf("jaccard(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestHas(t *testing.T) {
	pairs := []uint64{0<<32 | 5, 2<<32 | 3, 7<<32 | 9}
	if !has(pairs, 5, 0) || !has(pairs, 2, 3) || has(pairs, 3, 4) {
		t.Fatal("has")
	}
}

func TestMedian(t *testing.T) {
	rs := []result{{sign: 3 * time.Second, peakHeap: 5}, {sign: 1 * time.Second, peakHeap: 9}, {sign: 2 * time.Second, peakHeap: 1}}
	m := median(rs)
	if m.sign != 2*time.Second || m.peakHeap != 9 {
		t.Fatalf("median: %+v", m)
	}
}
