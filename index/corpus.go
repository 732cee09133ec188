package index

import (
	"fmt"

	"github.com/klauspost/compress/zstd"
)

// The corpus statistics are stored compressed with zstd: their largest
// part, the common-shingle sketch, is millions of small counters, mostly
// zero in a young index, and would otherwise be rewritten in full, 8 MB
// or more, by every run. The first byte of the stored value says how it
// is stored.
const (
	corpusRaw  = 0
	corpusZstd = 1
)

func packCorpus(blob []byte) ([]byte, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer enc.Close()
	return enc.EncodeAll(blob, []byte{corpusZstd}), nil
}

// unpackCorpus returns the statistics stored by packCorpus; the result
// does not share memory with v.
func unpackCorpus(v []byte) ([]byte, error) {
	if len(v) == 0 {
		return nil, fmt.Errorf("corpus statistics: %w", errCorrupt)
	}
	switch v[0] {
	case corpusRaw:
		return append([]byte(nil), v[1:]...), nil
	case corpusZstd:
		dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(1<<32))
		if err != nil {
			return nil, err
		}
		defer dec.Close()
		b, err := dec.DecodeAll(v[1:], nil)
		if err != nil {
			return nil, fmt.Errorf("corpus statistics: %w", err)
		}
		return b, nil
	}
	return nil, fmt.Errorf("corpus statistics stored as kind %d: %w", v[0], errCorrupt)
}
