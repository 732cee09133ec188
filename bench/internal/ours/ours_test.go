package ours

import (
	"slices"
	"testing"
)

func TestStage(t *testing.T) {
	texts := []string{
		"قال وزير الخارجية اليوم إن المحادثات بين البلدين ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام عدة أشهر",
		"قال وزير الخارجية اليوم إن المحادثات بين البلدين ستستأنف الأسبوع المقبل في العاصمة بعد توقف دام عدة أشهر.",
		"أعلنت الشركة عن نتائجها المالية للربع الثالث وأظهرت ارتفاعا في الأرباح بنسبة كبيرة مقارنة بالعام الماضي",
		"قال وزیر الخارجیة الیوم إن المحادثات بین البلدین ستستأنف الأسبوع المقبل فی العاصمة بعد توقف دام عدة أشهر",
	}
	var sh Shingler
	var sets [][]uint64
	for _, x := range texts {
		s := sh.Shingles("", x)
		if len(s) == 0 || !slices.IsSorted(s) {
			t.Fatalf("shingles of %q: %v", x, s)
		}
		sets = append(sets, s)
	}
	if got := sh.Shingles("عنوان فقط", ""); len(got) != 1 {
		t.Fatalf("title only: %d shingles, want 1", len(got))
	}
	if _, err := New(128, 0.8, "nonesuch"); err == nil {
		t.Fatal("unknown sketch accepted")
	}
	for _, sketch := range Sketches {
		st, err := New(128, 0.8, sketch)
		if err != nil {
			t.Fatal(err)
		}
		if st.Describe() == "" {
			t.Fatal("no description")
		}
		for _, workers := range []int{1, 2} {
			sig := st.Sign(sets, workers)
			if sig.Bytes() != 4*128*len(sets) {
				t.Fatalf("signature bytes %d", sig.Bytes())
			}
			pairs := st.Index(sig, workers).Pairs()
			// 0, 1 and 3 are the same text after normalisation.
			want := []uint64{0<<32 | 1, 0<<32 | 3, 1<<32 | 3}
			if !slices.Equal(pairs, want) {
				t.Fatalf("%s, %d workers: pairs %x, want %x", sketch, workers, pairs, want)
			}
		}
	}
}
