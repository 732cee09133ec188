package cluster

import (
	"math/rand/v2"
	"testing"
)

func TestTermTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tt := newTermTable()
	want := map[uint32]int32{}
	for range 50000 {
		k := r.Uint32() % 30000 // repeats, and 0
		v := tt.put(k)
		if w, ok := want[k]; ok && w != v {
			t.Fatalf("put(%d) = %d, earlier %d", k, v, w)
		}
		if _, ok := want[k]; !ok {
			if int(v) != len(want) {
				t.Fatalf("put(%d) = %d for a new key, want %d", k, v, len(want))
			}
			want[k] = v
		}
	}
	if tt.len() != len(want) {
		t.Fatalf("len %d, want %d", tt.len(), len(want))
	}
	for k, v := range want {
		if got := tt.get(k); got != v {
			t.Fatalf("get(%d) = %d, want %d", k, got, v)
		}
	}
	if got := tt.get(40000); got != -1 {
		t.Errorf("get of a missing key = %d", got)
	}
}

func TestCodeTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ct := newCodeTable()
	want := map[uint32]weightCode{}
	for range 50000 {
		v := r.Uint32() % 60000 // repeats, and 0
		c := weightCode(1 + r.IntN(1<<16-1))
		ct.put(v, c) // a later code replaces an earlier one
		want[v] = c
	}
	for v, c := range want {
		if got := ct.get(v); got != c {
			t.Fatalf("get(%d) = %d, want %d", v, got, c)
		}
	}
	for v := uint32(60000); v < 61000; v++ {
		if got := ct.get(v); got != 0 {
			t.Fatalf("get of missing %d = %d, want 0", v, got)
		}
	}
}
