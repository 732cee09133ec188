package samestory

import (
	"fmt"
	"testing"
)

// An idTable finds every id put, through its growth, tells apart ids
// whose hashes are equal, and finds no id that was not put.
func TestIDTable(t *testing.T) {
	var ids []string
	hash := func(id string) uint64 {
		h := hashID(id)
		if len(id)%3 == 0 {
			h &= 0xFF // many ids share a hash, and many a home slot
		}
		return h
	}
	tab := newIDTable()
	idOf := func(d int32) string { return ids[d] }
	for i := range 20000 {
		id := fmt.Sprintf("article-%d", i*7)
		if _, ok := tab.get(id, hash(id), idOf); ok {
			t.Fatalf("%q found before it was put", id)
		}
		ids = append(ids, id)
		tab.put(hash(id), int32(i))
	}
	for i, id := range ids {
		if d, ok := tab.get(id, hash(id), idOf); !ok || d != int32(i) {
			t.Fatalf("%q: got %d, %v; want %d, true", id, d, ok, i)
		}
	}
	for i := range 20000 {
		id := fmt.Sprintf("article-%d", i*7+1)
		if d, ok := tab.get(id, hash(id), idOf); ok {
			t.Fatalf("%q, never put, found as %d", id, d)
		}
	}
	if tab.touch([]uint64{hash(ids[0]), 12345}) == 0 {
		t.Error("touch read only empty slots where an id is")
	}
}
