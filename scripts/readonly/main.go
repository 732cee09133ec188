// Command readonly reads every record of its inputs and decodes it, and
// prints how many records it read: the baseline that scripts/bench.sh
// compares `samestory cluster` with.
//
// By default it reads with samestory's reader (its JSON check and
// decoder, one goroutine). With -std it reads the lines itself and
// decodes each with encoding/json into a struct of the article fields,
// as a program without samestory's reader would: a second baseline, to
// show how much of the ratio depends on the decoder chosen.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/samestory/samestory/article"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	std := len(args) > 0 && args[0] == "-std"
	if std {
		args = args[1:]
	}
	var err error
	if std {
		err = readStd(args)
	} else {
		err = readOwn(args)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "readonly:", err)
		return 1
	}
	return 0
}

func readOwn(args []string) error {
	r, err := article.NewReader(args, strings.NewReader(""), article.Options{
		OnProblem: func(article.Pos, error) error { return nil },
	})
	if err != nil {
		return err
	}
	defer r.Close()
	n, bad, bytes := 0, 0, 0
	err = r.Each(true, func(rec *article.Record) error {
		n++
		if rec.Err != nil {
			bad++
			return nil
		}
		bytes += len(rec.Article.Text) + len(rec.Article.Title)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Printf("%d records (%d unusable), %d bytes of text\n", n, bad, bytes)
	return nil
}

// record holds the fields samestory reads, under the names of the
// bundled corpora.
type record struct {
	ID            json.RawMessage `json:"id"`
	Title         string          `json:"title"`
	Text          string          `json:"text"`
	Content       string          `json:"content"`
	Published     string          `json:"published"`
	Date          string          `json:"date"`
	DateExtracted string          `json:"date_extracted"`
	Source        string          `json:"source"`
	URL           string          `json:"url"`
}

func readStd(args []string) error {
	n, bad, size := 0, 0, 0
	for _, path := range args {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		in, err := decompress(bufio.NewReaderSize(f, 1<<20))
		if err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", path, err)
		}
		br := bufio.NewReaderSize(in, 1<<20)
		var line []byte
		for {
			line, err = readLine(br, line[:0])
			if len(bytes.TrimSpace(line)) > 0 {
				n++
				var rec record
				if json.Unmarshal(line, &rec) != nil {
					bad++
				}
				size += len(rec.Title) + len(rec.Text) + len(rec.Content)
			}
			if err != nil {
				break
			}
		}
		f.Close()
		if err != io.EOF {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	fmt.Printf("%d records (%d unusable), %d bytes of text (encoding/json)\n", n, bad, size)
	return nil
}

// readLine appends the next line, without its line break, to buf.
func readLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		part, err := br.ReadSlice('\n')
		buf = append(buf, part...)
		if err != bufio.ErrBufferFull {
			return bytes.TrimSuffix(buf, []byte("\n")), err
		}
	}
}

// decompress undoes gzip or zstd, told by the first bytes.
func decompress(br *bufio.Reader) (io.Reader, error) {
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		return gzip.NewReader(br)
	case bytes.HasPrefix(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return zstd.NewReader(br)
	}
	return br, nil
}
