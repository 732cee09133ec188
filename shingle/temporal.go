package shingle

// IsTemporal reports whether a normalised word names a day of the week or
// a month, in Arabic (Gregorian, Levantine and Hijri month names) or
// English. News articles date their events with such words ("on Monday",
// "يوم الاثنين", "في 23 يوليو"), so they tell two similar events apart
// much as numbers do.
func IsTemporal(w []byte) bool {
	// Arabic words may carry the article or a preposition: ال، بال، وال، لل، ب، و، ف، ك.
	if len(w) > 0 && w[0] >= 0x80 {
		for _, p := range []string{"وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف"} {
			if hasPrefix(w, p) && isTemporalWord(string(w[len(p):])) {
				return true
			}
		}
	}
	return isTemporalWord(string(w))
}

func isTemporalWord(w string) bool {
	switch w {
	case "احد", "اثنين", "ثلاثاء", "اربعاء", "خميس", "جمعه", "سبت",
		"يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر",
		"اكتوبر", "نوفمبر", "ديسمبر", "كانون", "شباط", "اذار", "نيسان", "ايار", "حزيران",
		"تموز", "ايلول", "تشرين", "محرم", "رجب", "شعبان", "رمضان", "شوال", "القعده", "الحجه",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "june", "july", "august", "september",
		"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
		"sep", "sept", "oct", "nov", "dec":
		return true
	}
	return false
}
