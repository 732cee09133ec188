package shingle

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

const (
	// benchArabic is used when the seed article is not available.
	benchArabic = "أكد الرئيس الروسي فلاديمير بوتين الاثنين أن بلاده لن تبتلع بيلاروس، داعياً إلى تعزيز العلاقات العسكرية مع هذا البلد الحليف إثر محادثات مع نظيره ألكسندر لوكاشنكو في مينسك. وقال بوتين في مؤتمر صحافي مشترك: «لا مصلحة لروسيا في ابتلاع أي كان». وبلغت قيمة التبادل التجاري ٤٠٫٥ مليار دولار عام ٢٠٢٢.\n"
	benchLatin  = "Russian President Vladimir Putin said on Monday that his country had no interest in absorbing Belarus, calling for stronger military ties with its ally after talks with his counterpart Alexander Lukashenko in Minsk. \"Russia is not interested in swallowing anyone,\" Putin told a joint news conference. Trade between the two reached $40.5 billion in 2022.\n"
)

// benchText returns size bytes of base repeated, cut back to a rune
// boundary (so up to three bytes fewer).
func benchText(base string, size int) []byte {
	s := strings.Repeat(base, size/len(base)+1)[:size]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return []byte(s)
}

// arabicBase returns the text of seed article 003, or a fixed Arabic
// paragraph when the seeds are not available.
func arabicBase(b *testing.B) string {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", "003_cf6fa2405558f434.txt"))
	if err != nil {
		b.Logf("seed article not available (%v): using a fixed paragraph", err)
		return benchArabic
	}
	return string(raw) + "\n"
}

// shuffledWords returns about size bytes of base's words in an order
// drawn at random (seeded), a line break every 40 words or so: text
// whose word lengths a processor's branch predictor cannot learn, as it
// learns those of one paragraph normalised over and over. Real text is
// like this one; a loop with a branch per word or letter can run at
// half the speed or less on it.
func shuffledWords(base string, size int) string {
	words := strings.Fields(base)
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for sb.Len() < size {
		sb.WriteString(words[rng.IntN(len(words))])
		if rng.IntN(40) == 0 {
			sb.WriteByte('\n')
		} else {
			sb.WriteByte(' ')
		}
	}
	return sb.String()
}

type benchSize struct {
	name string
	size int
}

func benchSizes() []benchSize {
	return []benchSize{{"1KB", 1 << 10}, {"10KB", 10 << 10}, {"100KB", 100 << 10}}
}

func BenchmarkNormalize(b *testing.B) {
	scripts := []struct {
		name string
		base string
	}{
		{"arabic", arabicBase(b)},
		{"arabic-shuffled", shuffledWords(arabicBase(b), 256<<10)},
		{"latin", benchLatin},
	}
	for _, sc := range scripts {
		for _, sz := range benchSizes() {
			b.Run(sc.name+"/"+sz.name, func(b *testing.B) {
				src := benchText(sc.base, sz.size)
				var n Normalizer
				dst := n.Append(nil, src)
				b.SetBytes(int64(len(src)))
				b.ReportAllocs()
				for b.Loop() {
					dst = n.Append(dst[:0], src)
				}
			})
		}
	}
}

// benchNormalized returns normalised Arabic text of about size bytes.
func benchNormalized(b *testing.B, size int) []byte {
	return []byte(NormalizeString(string(benchText(arabicBase(b), size))))
}

func BenchmarkWordShingles(b *testing.B) {
	for _, sz := range benchSizes() {
		text := benchNormalized(b, sz.size)
		var hashes []uint64
		for _, l := range Lines(nil, text) {
			for _, w := range Words(nil, l) {
				hashes = append(hashes, HashWord(w))
			}
		}
		for _, n := range []int{1, 3, 5} {
			b.Run(fmt.Sprintf("%s/word:%d", sz.name, n), func(b *testing.B) {
				dst := WordShingles(nil, hashes, n)
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					dst = WordShingles(dst[:0], hashes, n)
				}
			})
		}
	}
}

func BenchmarkCharShingles(b *testing.B) {
	for _, sz := range benchSizes() {
		text := benchNormalized(b, sz.size)
		for _, n := range []int{3, 5} {
			b.Run(fmt.Sprintf("%s/char:%d", sz.name, n), func(b *testing.B) {
				dst, scratch := CharShingles(nil, text, n, nil)
				b.SetBytes(int64(len(text)))
				b.ReportAllocs()
				for b.Loop() {
					dst, scratch = CharShingles(dst[:0], text, n, scratch)
				}
			})
		}
	}
}

func BenchmarkStem(b *testing.B) {
	text := benchNormalized(b, 10<<10)
	var words [][]byte
	for _, l := range Lines(nil, text) {
		words = Words(words, l)
	}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		for _, w := range words {
			Stem(w)
		}
	}
}

// benchTexts returns n texts of 280 distinct random shingles (about a
// news article's), the same on every call.
func benchTexts(n int) [][]uint64 {
	texts := make([][]uint64, n)
	x := uint64(1)
	for i := range texts {
		for range 280 {
			x = fmix(x + 0x9E3779B97F4A7C15)
			texts[i] = append(texts[i], x)
		}
	}
	return texts
}

// BenchmarkCommonAddPart counts a chunk of 4,096 texts in a sketch of
// the default size (2²² counters a row, 32 MiB), in both parts at once,
// as the first pass does; "one-by-one" gives AddPart one text per call,
// which leaves it no increments to sort. Bytes are those of the shingle
// hashes.
func BenchmarkCommonAddPart(b *testing.B) {
	texts := benchTexts(4096)
	shingles := 0
	for _, tx := range texts {
		shingles += len(tx)
	}
	for _, mode := range []string{"chunk", "one-by-one"} {
		b.Run(mode, func(b *testing.B) {
			c := NewCommon(22)
			var bs [2]Batch
			b.SetBytes(int64(8 * shingles))
			for b.Loop() {
				var wg sync.WaitGroup
				for p := range 2 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						if mode == "chunk" {
							c.AddPart(texts, p, 2, &bs[p])
							return
						}
						for i := range texts {
							c.AddPart(texts[i:i+1], p, 2, &bs[p])
						}
					}()
				}
				wg.Wait()
			}
		})
	}
}

// BenchmarkCommonAtMost looks up whether each shingle of a chunk of 4,096
// texts is rare, in a sketch of the default size filled with them:
// "chunk" with AtMostAll, "one-by-one" with AtMost.
func BenchmarkCommonAtMost(b *testing.B) {
	texts := benchTexts(4096)
	c := NewCommon(22)
	for _, tx := range texts {
		c.Add(tx)
	}
	shingles := 0
	for _, tx := range texts {
		shingles += len(tx)
	}
	b.Run("chunk", func(b *testing.B) {
		var bt Batch
		var keep []bool
		b.SetBytes(int64(8 * shingles))
		for b.Loop() {
			keep = c.AtMostAll(keep[:0], texts, 100, &bt)
		}
	})
	b.Run("one-by-one", func(b *testing.B) {
		var keep []bool
		b.SetBytes(int64(8 * shingles))
		for b.Loop() {
			keep = keep[:0]
			for _, tx := range texts {
				for _, h := range tx {
					keep = append(keep, c.AtMost(h, 100))
				}
			}
		}
	})
}

// BenchmarkWords splits normalised Arabic text into words, one paragraph
// over and over and words in random order (see shuffledWords). On 3,000
// SaudiNewsNet articles' lines, Words took 18% less time than a search
// for each space with bytes.IndexByte, which it replaced (30% less here).
func BenchmarkWords(b *testing.B) {
	for _, sc := range []struct {
		name string
		text string
	}{
		{"arabic", string(benchNormalized(b, 100<<10))},
		{"arabic-shuffled", NormalizeString(shuffledWords(arabicBase(b), 100<<10))},
	} {
		lines := Lines(nil, []byte(sc.text))
		b.Run(sc.name, func(b *testing.B) {
			var dst [][]byte
			b.SetBytes(int64(len(sc.text)))
			b.ReportAllocs()
			for b.Loop() {
				dst = dst[:0]
				for _, l := range lines {
					dst = Words(dst, l)
				}
			}
		})
	}
}

// BenchmarkKnownBoilerplate asks about short lines as Boilerplate.Keep
// does: a few boilerplate, most lines of 1 to 12 words of an article.
// Looking at the line's bytes and its first word before any phrase took
// a sixth of the time (and no allocations) that looking at all phrases
// in a string of the line took (knownBoilerplateByStrings).
func BenchmarkKnownBoilerplate(b *testing.B) {
	lines := boilerCandidates(arabicBase(b), 5000)
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, l := range lines {
			if KnownBoilerplate(l) {
				n++
			}
		}
	}
	if n == 0 {
		b.Fatal("no line is boilerplate")
	}
}
