package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/samestory/samestory/article"
)

// Assignment is where samestory put one article.
type Assignment struct {
	ID    string // article id (samestory.id)
	Story string // story id (samestory.story)
	// Group is the near-duplicate group key: samestory.duplicate_of, or ID
	// itself when duplicate_of is null (the article is its group's canonical
	// or has no copies).
	Group string
}

// Labels used in pair gold.
const (
	LabelDup       = "DUP"        // near-duplicates: should share a duplicate group
	LabelSameEvent = "SAME_EVENT" // same story, not copies: should share a story
	LabelDifferent = "DIFFERENT"  // unrelated: should be in different stories
)

// Gold holds gold labels read by ReadGold. Exactly one kind is set:
// Clusters is non-nil (possibly empty) for cluster gold and nil for pair
// gold; Pairs is used only for pair gold.
type Gold struct {
	Clusters map[string]string // article id -> gold cluster label
	Pairs    []Pair            // labelled pairs, in file order
}

// Pair is one labelled pair of pair gold.
type Pair struct {
	Name   string `json:"name"`   // "pair" column, or "" if the file has none
	A      string `json:"id_a"`   // first article id
	B      string `json:"id_b"`   // second article id
	Label  string `json:"label"`  // LabelDup, LabelSameEvent or LabelDifferent
	Reason string `json:"reason"` // "reason" column, or "" if the file has none
	Line   int    `json:"line"`   // 1-based line number in the gold file
}

// eachLine calls fn with every line of r and its 1-based number, without the
// line end ("\n" or "\r\n"). r may be plain, gzip or zstd: see decompress.
// Lines may be of any length. It stops at the first error, which fn reports
// already positioned; read errors are positioned here.
func eachLine(r io.Reader, name string, fn func(line []byte, n int) error) error {
	src, format, done, err := decompress(r, name)
	if err != nil {
		return err
	}
	defer done()
	br := bufio.NewReader(src)
	n := 0
	for {
		line, err := br.ReadBytes('\n')
		if err != nil && err != io.EOF {
			return fmt.Errorf("eval: %s:%d: %w", name, n+1, streamError(format, err))
		}
		if len(line) > 0 {
			n++
			line = bytes.TrimSuffix(line, []byte("\n"))
			line = bytes.TrimSuffix(line, []byte("\r"))
			if ferr := fn(line, n); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// Magic numbers: the first bytes of the compressed streams eval does not
// read (gzip and zstd are told by article.Decompressed).
const (
	xzMagic    = "\xfd7zXZ\x00"
	bzip2Magic = "BZh" // then the block size '1' to '9' and bzip2Block
	bzip2Block = "1AY&SY"
)

// decompress returns the content of r: its decompressed stream when r starts
// with the magic number of gzip or zstd (whatever name's extension), else r's
// bytes as they are. format is "gzip", "zstd" or "" (plain); done releases the
// decoder. An xz or bzip2 stream is an error saying so, rather than a JSON or
// TSV error about its first bytes.
func decompress(r io.Reader, name string) (src io.Reader, format string, done func(), err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, err := br.Peek(10)
	if err != nil && err != io.EOF {
		return nil, "", nil, fmt.Errorf("eval: %s:1: %w", name, err)
	}
	switch src, format, done, err := article.Decompressed(br); {
	case err != nil:
		return nil, "", nil, fmt.Errorf("eval: %s: %w", name, streamError(format, err))
	case format != "":
		return src, format, done, nil
	case bytes.HasPrefix(magic, []byte(xzMagic)):
		return nil, "", nil, fmt.Errorf("eval: %s: xz-compressed, and eval reads plain, gzip or zstd: decompress it first (xz -dc)", name)
	case bytes.HasPrefix(magic, []byte(bzip2Magic)) && len(magic) == 10 && magic[3] >= '1' && magic[3] <= '9' && string(magic[4:]) == bzip2Block:
		return nil, "", nil, fmt.Errorf("eval: %s: bzip2-compressed, and eval reads plain, gzip or zstd: decompress it first (bzip2 -dc)", name)
	}
	return br, "", func() {}, nil
}

// streamError names the compressed stream in a decoder's error (err itself
// for plain input), unless the decoder named it already ("gzip: invalid
// header").
func streamError(format string, err error) error {
	if format == "" || strings.HasPrefix(err.Error(), format+": ") {
		return err
	}
	return fmt.Errorf("reading the %s stream: %w", format, err)
}

// outputRecord is the part of a samestory output line that ReadAssignments
// decodes; the rest of the record is skipped.
type outputRecord struct {
	Samestory *struct {
		ID          string  `json:"id"`
		Story       string  `json:"story"`
		DuplicateOf *string `json:"duplicate_of"`
	} `json:"samestory"`
}

// ReadAssignments reads samestory cluster output: JSONL, plain or gzip- or
// zstd-compressed (told apart by the first bytes, not by name), one article
// record per line with a "samestory" object holding at least a non-empty "id"
// and "story" and a "duplicate_of" that is null, absent or a non-empty id.
// Blank lines are skipped; any other line that is not such a record, and an id
// seen twice, is an error naming name and the line. Lines may be of any
// length. The result is in input order.
func ReadAssignments(r io.Reader, name string) ([]Assignment, error) {
	var out []Assignment
	firstLine := make(map[string]int)
	err := eachLine(r, name, func(line []byte, n int) error {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil
		}
		var rec outputRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			return fmt.Errorf("eval: %s:%d: %w", name, n, err)
		}
		s := rec.Samestory
		switch {
		case s == nil:
			return fmt.Errorf("eval: %s:%d: record has no \"samestory\" object", name, n)
		case s.ID == "":
			return fmt.Errorf("eval: %s:%d: samestory.id is missing or empty", name, n)
		case s.Story == "":
			return fmt.Errorf("eval: %s:%d: samestory.story is missing or empty", name, n)
		case s.DuplicateOf != nil && *s.DuplicateOf == "":
			return fmt.Errorf("eval: %s:%d: samestory.duplicate_of is empty (want an id or null)", name, n)
		}
		if first, dup := firstLine[s.ID]; dup {
			return fmt.Errorf("eval: %s:%d: duplicate id %q (first on line %d)", name, n, s.ID, first)
		}
		firstLine[s.ID] = n
		group := s.ID
		if s.DuplicateOf != nil {
			group = *s.DuplicateOf
		}
		out = append(out, Assignment{ID: s.ID, Story: s.Story, Group: group})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ReadGold reads gold labels from a tab-separated file, plain or gzip- or
// zstd-compressed (told apart by the first bytes, not by name), whose first
// non-blank line is a header. A header naming columns "id_a", "id_b" and
// "label" makes pair gold (other columns are allowed in any order; "pair" and
// "reason" are kept when present), and the label of every line must be DUP,
// SAME_EVENT or DIFFERENT. Any other header makes cluster gold: it must name an "id"
// column, and the label column is the one named "label" or, if none is, the
// first column other than id (e.g. the header "id\tevent"); an id given twice
// is an error. Column names and values are trimmed of surrounding spaces.
// Blank lines are skipped, "\r\n" line ends and a leading UTF-8 byte order
// mark are accepted, and a line with too few columns or an empty id or label
// is an error naming name and the line.
func ReadGold(r io.Reader, name string) (*Gold, error) {
	var (
		header []string
		gold   Gold
		need   int // columns a data line must have

		// pair gold: column indexes; -1 when absent
		isPairs              bool
		colA, colB, colLabel int
		colName, colReason   = -1, -1

		// cluster gold: column indexes, label column name, line of each id
		colID, colClusterLabel int
		clusterHeaderName      string
		clusterLine            = make(map[string]int)
	)
	err := eachLine(r, name, func(line []byte, n int) error {
		s := string(line)
		if n == 1 {
			s = strings.TrimPrefix(s, "\ufeff")
		}
		if strings.TrimSpace(s) == "" {
			return nil
		}
		fields := strings.Split(s, "\t")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if header == nil {
			header = fields
			col := make(map[string]int, len(fields)) // name -> first index
			for i, h := range fields {
				if _, seen := col[h]; !seen {
					col[h] = i
				}
			}
			ia, okA := col["id_a"]
			ib, okB := col["id_b"]
			il, okL := col["label"]
			if okA && okB && okL {
				isPairs = true
				colA, colB, colLabel = ia, ib, il
				need = max(ia, ib, il) + 1
				if i, ok := col["pair"]; ok {
					colName = i
				}
				if i, ok := col["reason"]; ok {
					colReason = i
				}
				return nil
			}
			id, ok := col["id"]
			if !ok {
				return fmt.Errorf("eval: %s:%d: header names neither id_a, id_b and label (pair gold) nor id (cluster gold)", name, n)
			}
			colID = id
			colClusterLabel = -1
			if i, ok := col["label"]; ok {
				colClusterLabel = i
			} else {
				for i := range fields {
					if i != id {
						colClusterLabel = i
						break
					}
				}
			}
			if colClusterLabel < 0 {
				return fmt.Errorf("eval: %s:%d: header has an id column but no label column", name, n)
			}
			clusterHeaderName = fields[colClusterLabel]
			need = max(colID, colClusterLabel) + 1
			gold.Clusters = make(map[string]string)
			return nil
		}
		if len(fields) < need {
			return fmt.Errorf("eval: %s:%d: got %d columns, want at least %d", name, n, len(fields), need)
		}
		if isPairs {
			p := Pair{A: fields[colA], B: fields[colB], Label: fields[colLabel], Line: n}
			if colName >= 0 && colName < len(fields) {
				p.Name = fields[colName]
			}
			if colReason >= 0 && colReason < len(fields) {
				p.Reason = fields[colReason]
			}
			if p.A == "" || p.B == "" {
				return fmt.Errorf("eval: %s:%d: empty id_a or id_b", name, n)
			}
			switch p.Label {
			case LabelDup, LabelSameEvent, LabelDifferent:
			default:
				return fmt.Errorf("eval: %s:%d: unknown label %q (want %s, %s or %s)",
					name, n, p.Label, LabelDup, LabelSameEvent, LabelDifferent)
			}
			gold.Pairs = append(gold.Pairs, p)
			return nil
		}
		id, label := fields[colID], fields[colClusterLabel]
		if id == "" {
			return fmt.Errorf("eval: %s:%d: empty id", name, n)
		}
		if label == "" {
			return fmt.Errorf("eval: %s:%d: empty %s", name, n, clusterHeaderName)
		}
		if first, dup := clusterLine[id]; dup {
			return fmt.Errorf("eval: %s:%d: duplicate id %q (first on line %d)", name, n, id, first)
		}
		clusterLine[id] = n
		gold.Clusters[id] = label
		return nil
	})
	if err != nil {
		return nil, err
	}
	if header == nil {
		return nil, fmt.Errorf("eval: %s: no header line", name)
	}
	return &gold, nil
}
