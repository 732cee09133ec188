package article

import (
	"bytes"
	"errors"
	"slices"
)

// AppendRecord appends to dst the record raw (a JSON object, as delivered
// in Record.Raw) with the member "samestory": annotation added as its last
// member, followed by a line break. annotation must be a JSON value. The
// record's own bytes are copied unchanged, except that a "samestory" member
// it already had (from an earlier run) is taken out, so that the output
// never holds the key twice.
func AppendRecord(dst, raw, annotation []byte) ([]byte, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) < 2 || raw[0] != '{' || raw[len(raw)-1] != '}' {
		return dst, errors.New("article: record is not a JSON object")
	}
	if bytes.Contains(raw, []byte(`"`+Key+`"`)) || bytes.Contains(raw, []byte(`\u`)) {
		// Take out every "samestory" member, one at a time, rescanning
		// after each cut so that offsets stay right.
		var ms []member
		for {
			var err error
			ms, err = members(raw, ms[:0])
			if err != nil {
				return dst, err
			}
			i := slices.IndexFunc(ms, func(m member) bool { return keyIs(m.key, Key) })
			if i < 0 {
				break
			}
			raw = cutMember(raw, ms, i)
		}
	}
	body := bytes.TrimSpace(raw[1 : len(raw)-1])
	dst = append(dst, raw[:len(raw)-1]...)
	// Drop trailing whitespace before the closing brace so the comma sits
	// right after the last member.
	dst = bytes.TrimRight(dst, " \t\r\n")
	if len(body) > 0 {
		dst = append(dst, ',')
	}
	dst = append(dst, `"`+Key+`":`...)
	dst = append(dst, annotation...)
	dst = append(dst, '}', '\n')
	return dst, nil
}

// cutMember returns raw without member i and the comma that separated it
// from its neighbour.
func cutMember(raw []byte, ms []member, i int) []byte {
	start, end := ms[i].start, ms[i].end
	switch {
	case i+1 < len(ms):
		end = ms[i+1].start // take the comma after it
	case i > 0:
		start = ms[i-1].end // take the comma before it
	}
	out := make([]byte, 0, len(raw)-(end-start))
	out = append(out, raw[:start]...)
	return append(out, raw[end:]...)
}
