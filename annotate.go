package samestory

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/samestory/samestory/cluster"
)

// annotation appends the "samestory" object of doc i to dst. Members come
// in a fixed order:
//
//	id            the article's id, as samestory read it
//	story         the story's id: the id of its canonical article
//	story_size    articles in the story
//	canonical     whether this article is the story's canonical
//	duplicate_of  id of the canonical of this article's near-duplicate
//	              group, or null when it is that canonical or has no copies
//	copies        (canonicals of near-duplicate groups) how many copies
//	similarity    0–1, to similar_to: word-shingle evidence for a copy,
//	              story-level evidence otherwise, 1 for the story canonical
//	similar_to    the id similarity refers to
//	resemblance, containment
//	              (copies) estimated Jaccard similarity and containment of
//	              word shingles with the group canonical
//	via           (copies found through another member of the group) the
//	              member this article was found to copy
//	nearest       {"id", "similarity"}: the most similar other article at
//	              the story level, in this story or not
//	reason        (canonicals) why this article was chosen
//	skipped       (articles not grouped) why
func (j *Job) annotation(dst []byte, i int, as []cluster.Assignment) []byte {
	a := &as[i]
	d := &j.docs[i]
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, d.ID)
	dst = append(dst, `,"story":`...)
	if j.storyIDs != nil {
		dst = appendString(dst, j.storyIDs[i])
	} else {
		dst = appendString(dst, j.docs[a.Story].ID)
	}
	dst = append(dst, `,"story_size":`...)
	dst = strconv.AppendInt(dst, int64(a.StorySize), 10)
	dst = append(dst, `,"canonical":`...)
	dst = strconv.AppendBool(dst, a.Story == i)
	dst = append(dst, `,"duplicate_of":`...)
	if a.DupOf >= 0 {
		dst = appendString(dst, j.docs[a.DupOf].ID)
	} else {
		dst = append(dst, "null"...)
	}
	if a.Copies > 0 {
		dst = append(dst, `,"copies":`...)
		dst = strconv.AppendInt(dst, int64(a.Copies), 10)
	}
	dst = append(dst, `,"similarity":`...)
	dst = appendScore(dst, a.Similarity)
	dst = append(dst, `,"similar_to":`...)
	dst = appendString(dst, j.docs[a.SimilarTo].ID)
	if a.DupOf >= 0 {
		dst = append(dst, `,"resemblance":`...)
		dst = appendScore(dst, a.Resemblance)
		dst = append(dst, `,"containment":`...)
		dst = appendScore(dst, a.Containment)
		if a.Via >= 0 {
			dst = append(dst, `,"via":`...)
			dst = appendString(dst, j.docs[a.Via].ID)
		}
	}
	if a.Nearest >= 0 {
		dst = append(dst, `,"nearest":{"id":`...)
		dst = appendString(dst, j.docs[a.Nearest].ID)
		dst = append(dst, `,"similarity":`...)
		dst = appendScore(dst, a.NearestSim)
		dst = append(dst, '}')
	}
	if a.Reason != "" {
		dst = append(dst, `,"reason":`...)
		dst = appendString(dst, a.Reason)
	}
	if d.Skip != "" {
		dst = append(dst, `,"skipped":`...)
		dst = appendString(dst, d.Skip)
	}
	return append(dst, '}')
}

// appendScore appends a score in [0, 1] with four decimals.
func appendScore(dst []byte, v float64) []byte {
	if math.IsNaN(v) {
		v = 0
	}
	v = math.Round(min(max(v, 0), 1)*1e4) / 1e4
	return strconv.AppendFloat(dst, v, 'f', -1, 64)
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == 0x2028 || r == 0x2029:
			dst = append(dst, `\u202`...)
			dst = append(dst, hex[r&0xF])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
