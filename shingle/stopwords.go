package shingle

// IsStopword reports whether a normalised word is an Arabic or English
// function word: a preposition, conjunction, pronoun, auxiliary or
// reporting verb that says nothing about which event an article covers.
// Story-level features leave these words out, so that even a batch of a
// few articles (too few for word rarity to be measured) is compared on its
// content words. The lists were written for samestory; they are short on
// purpose, since word rarity measured in the corpus does the rest.
func IsStopword(w []byte) bool {
	switch string(w) {
	case "a", "about", "above", "according", "after", "again", "against", "all", "also", "am", "an",
		"and", "any", "are", "arent", "as", "at", "be", "because", "been", "before", "being", "below",
		"between", "both", "but", "by", "can", "cant", "could", "did", "didn", "do", "does", "doesn",
		"doing", "don", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have",
		"having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
		"in", "into", "is", "isn", "it", "its", "itself", "just", "may", "me", "might", "more", "most",
		"mr", "mrs", "ms", "must", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once",
		"one", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "s", "said",
		"same", "say", "says", "shall", "she", "should", "shouldn", "so", "some", "such", "t", "than",
		"that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
		"those", "three", "through", "to", "told", "too", "two", "under", "until", "up", "very", "was",
		"wasn", "we", "were", "weren", "what", "when", "where", "which", "while", "who", "whom", "why",
		"will", "with", "won", "would", "wouldn", "you", "your", "yours", "yourself", "yourselves",
		"اثناء", "اذ", "اذا", "اشار", "اضاف", "اضافت", "اطار", "اقل", "اكثر", "اكد", "اكدت", "الا",
		"التي", "الذي", "الذين", "اللاتي", "اللتين", "اللذين", "اللواتي", "الي", "اليه", "اليها",
		"اليهم", "ام", "اما", "امام", "ان", "انا", "انت", "انتم", "انه", "انها", "انهم", "او", "اوضح",
		"اوليك", "اي", "ايا", "ايضا", "اين", "ب", "بان", "بانه", "بانها", "بحسب", "بعد", "بعض", "بل",
		"بما", "به", "بها", "بين", "بينما", "تحت", "تقول", "تكون", "تلك", "تم", "ثم", "جدا", "حتي",
		"حسب", "حول", "حيث", "حين", "خلال", "خلف", "دون", "ذلك", "سواء", "سوي", "ضد", "ضمن", "عبر",
		"عدم", "علي", "عليه", "عليها", "عليهم", "عما", "عن", "عند", "عندما", "عنه", "عنها", "عنهم",
		"غير", "ف", "فان", "فقط", "فوق", "في", "فيما", "فيه", "فيها", "فيهم", "قال", "قالت", "قبل", "قد",
		"ك", "كان", "كانت", "كانوا", "كذلك", "كل", "كلما", "كما", "كي", "كيف", "ل", "لا", "لان", "لانه",
		"لانها", "لدي", "لذلك", "لقد", "لكن", "لكي", "لم", "لما", "لماذا", "لن", "له", "لها", "لهم",
		"لهما", "لو", "ما", "ماذا", "متي", "مثل", "مع", "مما", "من", "منذ", "منه", "منها", "منهم", "نحن",
		"نحو", "هاتان", "هذا", "هذان", "هذه", "هم", "هما", "هن", "هنا", "هناك", "هو", "هولاء", "هي", "و",
		"واشار", "واضاف", "واضافت", "واكد", "واكدت", "والي", "وان", "وانه", "وانها", "واو", "واوضح",
		"وبين", "وتم", "وذلك", "وعلي", "وعن", "وفق", "وفقا", "وفي", "وقال", "وقالت", "وكان", "وكانت",
		"وكما", "ولا", "ولكن", "ولم", "ولن", "ولو", "وما", "ومع", "ومن", "وهذا", "وهذه", "وهم", "وهو",
		"وهي", "يا", "يتم", "يقول", "يكون", "يكونوا":
		return true
	}
	return false
}
