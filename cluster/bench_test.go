package cluster

import (
	"fmt"
	"sync"
	"testing"
)

var benchDocs = sync.OnceValue(func() []Doc { return synthCorpus(10, 10000) })

// BenchmarkGroup groups 10,000 synthetic articles, half of them in
// near-duplicate families.
func BenchmarkGroup(b *testing.B) {
	for _, workers := range []int{1, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			docs := benchDocs()
			o := opts(docs)
			o.Workers = workers
			var st Stats
			size := 0 // feature bytes grouped per op
			for i := range docs {
				size += len(AppendDoc(nil, &docs[i]))
			}
			b.SetBytes(int64(size))
			b.ResetTimer()
			for b.Loop() {
				var err error
				if _, st, err = Group(docs, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(docs)), "ns/doc")
			b.ReportMetric(float64(st.DupGroups), "groups")
			b.ReportMetric(float64(st.Stories), "stories")
		})
	}
}
