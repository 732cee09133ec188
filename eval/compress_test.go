package eval_test

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/samestory/samestory/eval"
)

const (
	compressOutput = `{"id":"a1","samestory":{"id":"a1","story":"a1","duplicate_of":null}}
{"id":"a2","samestory":{"id":"a2","story":"a1","duplicate_of":"a1"}}
{"id":"b1","samestory":{"id":"b1","story":"b1","duplicate_of":null}}
`
	compressGold = "id\tevent\na1\tE1\na2\tE1\nb1\tE2\n"
)

func gzipBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func zstdBytes(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := zstd.NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReadCompressed checks that ReadAssignments and ReadGold read gzip and
// zstd input, told apart by the first bytes (the name plays no part), as
// they read the plain text, concatenated members and frames included.
func TestReadCompressed(t *testing.T) {
	wantOut, err := eval.ReadAssignments(strings.NewReader(compressOutput), "out.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	wantGold, err := eval.ReadGold(strings.NewReader(compressGold), "gold.tsv")
	if err != nil {
		t.Fatal(err)
	}
	half := func(s string) (string, string) {
		i := strings.IndexByte(s, '\n') + 1
		return s[:i], s[i:]
	}
	encodings := []struct {
		name string
		enc  func(*testing.T, string) []byte
	}{
		{"gzip", gzipBytes},
		{"zstd", zstdBytes},
		{"gzip members", func(t *testing.T, s string) []byte {
			a, b := half(s)
			return append(gzipBytes(t, a), gzipBytes(t, b)...)
		}},
		{"zstd frames", func(t *testing.T, s string) []byte {
			a, b := half(s)
			return append(zstdBytes(t, a), zstdBytes(t, b)...)
		}},
	}
	for _, e := range encodings {
		t.Run(e.name, func(t *testing.T) {
			out, err := eval.ReadAssignments(bytes.NewReader(e.enc(t, compressOutput)), "out.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(out, wantOut) {
				t.Errorf("ReadAssignments = %+v, want %+v", out, wantOut)
			}
			gold, err := eval.ReadGold(bytes.NewReader(e.enc(t, compressGold)), "gold.tsv")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(gold, wantGold) {
				t.Errorf("ReadGold = %+v, want %+v", gold, wantGold)
			}
		})
	}
	// Input shorter than the longest magic number is read as it is.
	if out, err := eval.ReadAssignments(strings.NewReader(""), "out.jsonl"); err != nil || out != nil {
		t.Errorf("ReadAssignments(empty) = %+v, %v", out, err)
	}
	if g, err := eval.ReadGold(strings.NewReader("id\tl\na\tb"), "g.tsv"); err != nil || g.Clusters["a"] != "b" {
		t.Errorf("ReadGold(9 bytes) = %+v, %v", g, err)
	}
}

func TestReadCompressedErrors(t *testing.T) {
	tests := []struct {
		name string
		in   func(text string) []byte // the stream of text
		want string                   // how the error starts
		has  string                   // what else it holds
	}{
		{"gzip cut", func(s string) []byte { b := gzipBytes(t, s); return b[:len(b)-12] }, "eval: out:", ": reading the gzip stream: unexpected EOF"},
		{"gzip bad header", func(s string) []byte { b := gzipBytes(t, s); b[2] = 0; return b }, "eval: out: gzip: invalid header", ""},
		{"zstd cut", func(s string) []byte { b := zstdBytes(t, s); return b[:len(b)-5] }, "eval: out:", ": reading the zstd stream: "},
		{"zstd magic only", func(s string) []byte { return zstdBytes(t, s)[:4] }, "eval: out:1: reading the zstd stream: ", ""},
		{"xz", func(string) []byte { return []byte("\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4\x46") }, "eval: out: xz-compressed, and eval reads plain, gzip or zstd: decompress it first", ""},
		{"bzip2", func(string) []byte { return []byte("BZh91AY&SY\x01\x02\x03") }, "eval: out: bzip2-compressed, and eval reads plain, gzip or zstd: decompress it first", ""},
	}
	matches := func(err error, want, has string) bool {
		return err != nil && strings.HasPrefix(err.Error(), want) && strings.Contains(err.Error(), has)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := eval.ReadAssignments(bytes.NewReader(tc.in(compressOutput)), "out")
			if !matches(err, tc.want, tc.has) {
				t.Errorf("ReadAssignments = %+v, %v; want error %q … %q", out, err, tc.want, tc.has)
			}
			g, err := eval.ReadGold(bytes.NewReader(tc.in(compressGold)), "out")
			if !matches(err, tc.want, tc.has) {
				t.Errorf("ReadGold = %+v, %v; want error %q … %q", g, err, tc.want, tc.has)
			}
		})
	}
	gz := gzipBytes(t, compressOutput)
	_, err := eval.ReadAssignments(bytes.NewReader(gz[:len(gz)-12]), "out")
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut gzip: %v does not wrap io.ErrUnexpectedEOF", err)
	}
	// Text that merely starts like bzip2's magic number is plain text.
	g, err := eval.ReadGold(strings.NewReader("BZh9\tid\nx\ta\n"), "g.tsv")
	if err != nil || g.Clusters["a"] != "x" {
		t.Errorf("ReadGold(BZh9 header) = %+v, %v", g, err)
	}
}
