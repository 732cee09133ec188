package shingle_test

import (
	"fmt"
	"strings"

	"github.com/samestory/samestory/shingle"
)

func ExampleNormalizeString() {
	// Harakat go, hamza forms of alef and yeh fold, Arabic-Indic digits
	// become ASCII; the output ends with a newline.
	fmt.Printf("%q\n", shingle.NormalizeString("أعلنَ الرئيسُ ٢٠٢٢"))
	fmt.Printf("%q\n", shingle.NormalizeString("Hello, WORLD!\r\n\r\nIt's 7,6 km."))
	// Output:
	// "اعلن الرييس 2022\n"
	// "hello world\nits 7.6 km\n"
}

func ExampleNormalizer_Append() {
	var n shingle.Normalizer // reusable; not safe for concurrent use
	var buf []byte
	for _, s := range []string{"مدرسة", "مستشفى", "قريب ا"} {
		buf = n.Append(buf[:0], []byte(s))
		fmt.Print(string(buf))
	}
	// Output:
	// مدرسه
	// مستشفي
	// قريبا
}

func ExampleStem() {
	for _, w := range []string{"والمدرسة", "بالكتاب", "المعلمون", "bodies", "body", "horses"} {
		norm := strings.TrimSuffix(shingle.NormalizeString(w), "\n")
		fmt.Printf("%s → %s\n", norm, shingle.Stem([]byte(norm)))
	}
	// Output:
	// والمدرسه → مدرس
	// بالكتاب → كتاب
	// المعلمون → معلم
	// bodies → bod
	// body → bod
	// horses → horse
}

func ExampleCharShingles() {
	// Character shingles ignore spaces: a shadda replaced by a space
	// upstream ("تكب دت") gives the same shingles as the word itself.
	a, _ := shingle.CharShingles(nil, []byte(shingle.NormalizeString("تكب دت")), 3, nil)
	b, _ := shingle.CharShingles(nil, []byte(shingle.NormalizeString("تكبّدت")), 3, nil)
	fmt.Println(len(a), fmt.Sprint(a) == fmt.Sprint(b))
	// Output:
	// 3 true
}
