package shingle

import (
	"bytes"
	"testing"
)

func TestCommonSaveLoad(t *testing.T) {
	c := NewCommon(12)
	c.Add([]uint64{1, 2, 3})
	c.Add([]uint64{2, 3})
	b, err := c.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := NewCommon(10)
	if err := d.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if d.Texts() != 2 || d.Count(3) != 2 || d.Count(1) != 1 || d.Count(99) != 0 {
		t.Errorf("loaded: texts %d, counts %d %d %d", d.Texts(), d.Count(3), d.Count(1), d.Count(99))
	}
	d.Add([]uint64{1})
	if d.Count(1) != 2 {
		t.Errorf("counting on after load: %d", d.Count(1))
	}
	for _, bad := range [][]byte{nil, {2}, b[:len(b)-1], append(bytes.Clone(b), 0)} {
		if err := NewCommon(10).UnmarshalBinary(bad); err == nil {
			t.Errorf("%d bytes of bad state loaded", len(bad))
		}
	}
}

func TestBoilerplateSaveLoad(t *testing.T) {
	bp := NewBoilerplate(2, 12)
	lines := [][]byte{[]byte("شارك الخبر"), []byte("some text here")}
	bp.Observe(lines, []int{2, 3})
	bp.Observe(lines[:1], []int{2})
	b, err := bp.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := bp.AppendBinary(nil)
	if !bytes.Equal(b, again) {
		t.Error("the same state saved two ways")
	}
	other := NewBoilerplate(2, 12)
	if err := other.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if other.Lines() != bp.Lines() {
		t.Errorf("loaded %d lines, want %d", other.Lines(), bp.Lines())
	}
	for _, bad := range [][]byte{nil, {2}, b[:len(b)-1]} {
		if err := NewBoilerplate(2, 12).UnmarshalBinary(bad); err == nil {
			t.Errorf("%d bytes of bad state loaded", len(bad))
		}
	}
}
