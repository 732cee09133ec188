package main

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// outlet is a synthetic news outlet.
type outlet struct {
	name string // Arabic name, used in boilerplate
	slug string // source field and URL host
	city string // dateline city
}

// makeOutlets returns the 50 synthetic outlets: five kinds of outlet in
// ten places.
func makeOutlets() []outlet {
	kinds := []struct{ ar, slug string }{
		{"أخبار", "akhbar"}, {"صحيفة", "sahifat"}, {"بوابة", "bawabat"}, {"موقع", "mawqi"}, {"وكالة", "wakalat"},
	}
	places := []struct{ ar, slug, city string }{
		{"الرياض", "riyadh", "الرياض"}, {"جدة", "jeddah", "جدة"}, {"الخليج", "khaleej", "الدمام"},
		{"الشرق", "sharq", "الخبر"}, {"المدينة", "madina", "المدينة المنورة"}, {"الوطن", "watan", "أبها"},
		{"الأفق", "ufuq", "تبوك"}, {"النهار", "nahar", "مكة المكرمة"}, {"الحدث", "hadath", "القصيم"},
		{"المساء", "masaa", "الطائف"},
	}
	var out []outlet
	for _, k := range kinds {
		for _, p := range places {
			out = append(out, outlet{name: k.ar + " " + p.ar, slug: k.slug + "-" + p.slug, city: p.city})
		}
	}
	return out
}

var agencies = []string{"واس", "رويترز", "أ ف ب", "د ب أ", "الأناضول", "وكالات"}

// header returns a line an outlet puts above an article.
func header(rng *rand.Rand, o outlet, date string) string {
	switch rng.IntN(6) {
	case 0:
		return o.city + " - " + o.name
	case 1:
		return o.name + " - خاص"
	case 2:
		return "عاجل"
	case 3:
		return "نشر في " + o.name + " بتاريخ " + date
	case 4:
		return o.city + " - " + agencies[rng.IntN(len(agencies))]
	default:
		return "متابعات - " + o.name
	}
}

// footer returns a line an outlet puts below an article.
func footer(rng *rand.Rand, o outlet, src *source, year string) string {
	switch rng.IntN(6) {
	case 0:
		return "المصدر: " + agencies[rng.IntN(len(agencies))]
	case 1:
		return "شارك هذا الخبر على تويتر وفيسبوك وواتساب"
	case 2:
		return "اقرأ أيضاً: " + src.titles[rng.IntN(len(src.titles))]
	case 3:
		return "تابعوا " + o.name + " على تويتر"
	case 4:
		return "جميع الحقوق محفوظة © " + o.name + " " + year
	default:
		return "المصدر: " + o.name
	}
}

// names are proper names substituted into originals.
var names = strings.Fields(`الرياض جدة الدمام مكة تبوك أبها القصيم حائل نجران جازان الطائف الخبر ينبع
عبدالله فيصل خالد سلمان فهد نايف سعود تركي بندر ماجد عبدالعزيز الشمري العتيبي القحطاني الدوسري
الغامدي الزهراني الحربي المطيري السبيعي العنزي الشهري بيروت القاهرة دبي عمّان الكويت المنامة الدوحة
مسقط بغداد دمشق صنعاء طرابلس تونس الخرطوم موسكو واشنطن لندن باريس برلين طهران أنقرة بكين طوكيو
أحمد محمود يوسف إبراهيم عمر علي حسن سارة نورة هند`)

// synonyms are words a copy editor commonly swaps.
var synonyms = map[string][]string{
	"قال":      {"أفاد", "ذكر", "أوضح", "صرح"},
	"أفاد":     {"قال", "ذكر"},
	"ذكر":      {"قال", "أفاد", "أشار"},
	"أوضح":     {"بين", "قال"},
	"أكد":      {"شدد", "أوضح"},
	"شدد":      {"أكد"},
	"أعلن":     {"كشف", "أعلنت"},
	"كشف":      {"أعلن"},
	"اليوم":    {"أمس", "الیوم"},
	"أمس":      {"اليوم"},
	"الذي":     {"التي"},
	"التي":     {"الذي"},
	"كما":      {"وكذلك"},
	"إلى":      {"الى", "حتى"},
	"على":      {"علي"},
	"أن":       {"ان", "بأن"},
	"وقال":     {"وأضاف", "وأوضح", "وذكر"},
	"وأضاف":    {"وقال", "وتابع"},
	"مشيرا":    {"لافتا", "موضحا"},
	"مؤكدا":    {"مشددا"},
	"المملكة":  {"السعودية", "البلاد"},
	"السعودية": {"المملكة"},
	"الحكومة":  {"السلطات"},
	"السلطات":  {"الحكومة"},
	"خلال":     {"أثناء", "في"},
	"بعد":      {"عقب"},
	"عقب":      {"بعد"},
	"حيث":      {"إذ"},
	"أيضا":     {"كذلك"},
	"عدد":      {"جملة"},
	"كبير":     {"ضخم", "واسع"},
	"جديد":     {"حديث"},
	"وزارة":    {"الوزارة"},
	"رئيس":     {"زعيم"},
	"يوم":      {"نهار"},
}

// spellingVariant returns an Arabic word written differently in one of
// the ways that occur in real text: hamza on alef added or dropped, ة/ه and
// ى/ي swapped, tatweel inserted, a diacritic added. samestory's normaliser
// folds all of them. Other words come back unchanged.
func spellingVariant(rng *rand.Rand, w string) string {
	r, _ := utf8.DecodeRuneInString(w)
	if r < 0x0621 || r > 0x064A {
		return w
	}
	rs := []rune(w)
	n := len(rs)
	for range 4 {
		switch rng.IntN(5) {
		case 0: // alef with or without hamza, first letter or after ال
			i := 0
			if n > 3 && rs[0] == 'ا' && rs[1] == 'ل' {
				i = 2
			}
			switch rs[i] {
			case 'ا':
				if rng.IntN(2) == 0 {
					rs[i] = 'أ'
				} else {
					rs[i] = 'إ'
				}
				return string(rs)
			case 'أ', 'إ', 'آ':
				rs[i] = 'ا'
				return string(rs)
			}
		case 1: // ta marbuta / ha, alef maqsura / ya at the end
			switch rs[n-1] {
			case 'ة':
				rs[n-1] = 'ه'
				return string(rs)
			case 'ى':
				rs[n-1] = 'ي'
				return string(rs)
			case 'ي':
				if n > 2 {
					rs[n-1] = 'ى'
					return string(rs)
				}
			}
		case 2: // tatweel after a connecting letter
			if n < 3 {
				continue
			}
			i := 1 + rng.IntN(n-2)
			if strings.ContainsRune("اأإآدذرزوؤةى", rs[i]) {
				continue
			}
			return string(rs[:i+1]) + "ـ" + string(rs[i+1:])
		default: // a diacritic after a letter
			i := rng.IntN(n)
			if rs[i] < 0x0621 || rs[i] > 0x064A {
				continue
			}
			marks := []rune{0x064E, 0x064F, 0x0650, 0x0652, 0x0651}
			return string(rs[:i+1]) + string(marks[rng.IntN(len(marks))]) + string(rs[i+1:])
		}
	}
	return w
}

// substituteDigits replaces every digit of w by a random digit of the same
// script, the first one non-zero.
func substituteDigits(rng *rand.Rand, w string) string {
	var b strings.Builder
	first := true
	for _, r := range w {
		switch {
		case r >= '0' && r <= '9':
			d := rune(rng.IntN(10))
			if first {
				d = 1 + rune(rng.IntN(9))
			}
			b.WriteRune('0' + d)
			first = false
		case r >= 0x0660 && r <= 0x0669:
			d := rune(rng.IntN(10))
			if first {
				d = 1 + rune(rng.IntN(9))
			}
			b.WriteRune(0x0660 + d)
			first = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hasDigit(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' || c == 0xD9 && i+1 < len(w) && w[i+1] >= 0xA0 && w[i+1] <= 0xA9 {
			return true
		}
	}
	return false
}
