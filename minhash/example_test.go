package minhash_test

import (
	"fmt"
	"strings"

	"github.com/cespare/xxhash/v2"
	"github.com/samestory/samestory/minhash"
)

// wordHashes returns the xxhash of every word of a text.
func wordHashes(text string) []uint64 {
	var hs []uint64
	for _, w := range strings.Fields(text) {
		hs = append(hs, xxhash.Sum64String(w))
	}
	return hs
}

func ExampleHasher() {
	h, err := minhash.New(128, 1)
	if err != nil {
		panic(err)
	}
	// Two sets of 60 words sharing 40: Jaccard similarity 40/80 = 0.5.
	var a, b []string
	for i := range 80 {
		w := fmt.Sprintf("word%d", i)
		if i < 60 {
			a = append(a, w)
		}
		if i >= 20 {
			b = append(b, w)
		}
	}
	sigA := h.Sign(nil, wordHashes(strings.Join(a, " ")))
	sigB := h.Sign(nil, wordHashes(strings.Join(b, " ")))
	fmt.Printf("%d values per signature\n", len(sigA))
	// The estimate is the share of the 128 positions where the signatures
	// agree; its standard deviation here is √(0.5·0.5/128) ≈ 0.044.
	fmt.Printf("estimated similarity %.2f (true 0.50)\n", minhash.Similarity(sigA, sigB))
	fmt.Printf("with itself %.2f\n", minhash.Similarity(sigA, sigA))
	// Output:
	// 128 values per signature
	// estimated similarity 0.54 (true 0.50)
	// with itself 1.00
}

func ExampleOptimal() {
	p, err := minhash.Optimal(128, 0.5, 0.5, 0.5)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Bands, p.Rows)
	fmt.Println(p)
	fmt.Printf("P(candidate) at similarity 0.3: %.3f, 0.5: %.3f, 0.8: %.3f\n",
		p.Probability(0.3), p.Probability(0.5), p.Probability(0.8))
	// Output:
	// 25 5
	// 25 bands × 5 rows
	// P(candidate) at similarity 0.3: 0.059, 0.5: 0.548, 0.8: 1.000
}
