package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samestory/samestory/article"
)

// outputClash returns an error when writing the file path (given by the
// flag named flag) would destroy an input before it is read, or add a
// file to a folder given as input, which reading it would visit: creating
// an output truncates it before the first record is read, so
// "samestory cluster -o in.jsonl in.jsonl" would otherwise end with an
// empty in.jsonl and exit code 0. An empty path and "-" (standard
// output) never clash. Paths are compared as the files they name
// (os.SameFile), and folders with their symbolic links resolved.
func outputClash(flag, path string, inputs []string) error {
	if path == "" || path == "-" {
		return nil
	}
	out, outErr := os.Stat(path)
	full, fullErr := resolved(path)
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		st, err := os.Stat(in)
		if err != nil {
			continue // reported when the input is read
		}
		if !st.IsDir() {
			if outErr == nil && os.SameFile(st, out) {
				return fmt.Errorf("%s %s is also an input: writing it would destroy the input before it is read; write to another file", flag, path)
			}
			continue
		}
		dir, err := filepath.EvalSymlinks(in)
		if fullErr != nil || err != nil {
			continue
		}
		if dir, err = filepath.Abs(dir); err != nil {
			continue
		}
		rel, err := filepath.Rel(dir, full)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		if article.Visits(rel) {
			return fmt.Errorf("%s %s is inside the input folder %s, which is read whole (the file would be read as input): write it elsewhere", flag, path, in)
		}
	}
	return nil
}

// resolved returns path made absolute, its folder's symbolic links
// resolved (the file itself need not exist yet).
func resolved(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// checkOutputs checks each output, a flag and its path, with
// outputClash, and returns exitUsage after printing the first clash, or
// -1 when there is none.
func checkOutputs(stderr io.Writer, cmd string, inputs []string, outs ...[2]string) int {
	for _, o := range outs {
		if err := outputClash(o[0], o[1], inputs); err != nil {
			return usageError(stderr, cmd, "%v", err)
		}
	}
	return -1
}
