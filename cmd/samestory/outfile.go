package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// outFile is an output file, compressed when its name asks for it: a name
// ending in .gz is written as gzip, one ending in .zst as zstd, anything
// else as it is. The compressed bytes depend only on what is written (no
// time or name in the gzip header; zstd on one goroutine), so that the
// same run gives the same file.
type outFile struct {
	f  *os.File
	zw io.WriteCloser // the compressor, or nil
	w  io.Writer      // what to write to: zw or f
}

// createOut creates path for writing, compressed by its name.
func createOut(path string) (*outFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	o := &outFile{f: f, w: f}
	switch {
	case strings.HasSuffix(path, ".gz"):
		o.zw = gzip.NewWriter(f)
	case strings.HasSuffix(path, ".zst"):
		zw, err := zstd.NewWriter(f, zstd.WithEncoderConcurrency(1))
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		o.zw = zw
	}
	if o.zw != nil {
		o.w = o.zw
	}
	return o, nil
}

func (o *outFile) Write(p []byte) (int, error) { return o.w.Write(p) }

// Close ends the compressed stream, if any, and closes the file; it
// returns the first error.
func (o *outFile) Close() error {
	var err error
	if o.zw != nil {
		err = o.zw.Close()
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	return err
}
