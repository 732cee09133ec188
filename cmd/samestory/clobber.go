package main

import (
	"fmt"
	"io"
	"io/fs"
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
// empty in.jsonl and exit code 0. An empty path, "-" (standard output)
// and a file that exists but is not a regular file (/dev/null, a
// terminal) never clash. Files are compared as files (os.SameFile: a
// symbolic or hard link to an input is the input), and paths with their
// symbolic links resolved, a dangling link's target included.
func outputClash(flag, path string, inputs []string) error {
	if path == "" || path == "-" {
		return nil
	}
	out, outErr := os.Stat(path)
	if outErr == nil && !out.Mode().IsRegular() && !out.IsDir() {
		return nil
	}
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
		dir, err := resolved(in)
		if fullErr != nil || err != nil {
			continue
		}
		rel, err := filepath.Rel(dir, full)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			if outErr == nil && out.Mode().IsRegular() && linked(out) && inFolder(in, out) {
				return fmt.Errorf("%s %s is a link to a file of the input folder %s: writing it would destroy that input before it is read; write to another file", flag, path, in)
			}
			continue
		}
		if rel == "." {
			return fmt.Errorf("%s %s is a folder given as input; write to a file elsewhere", flag, path)
		}
		if article.Visits(rel) {
			return fmt.Errorf("%s %s is inside the input folder %s, which is read whole (the file would be read as input): write it elsewhere", flag, path, in)
		}
	}
	return nil
}

// inFolder reports whether the file out is one of the files that reading
// the folder dir visits (a hard link to one, say).
func inFolder(dir string, out os.FileInfo) bool {
	found := false
	root := dir + string(filepath.Separator) // follows dir when it is a link
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		switch {
		case err != nil || found:
			return filepath.SkipDir
		case rel != "." && !article.Visits(rel):
			if d.IsDir() {
				return filepath.SkipDir
			}
		case d.Type().IsRegular():
			if st, err := d.Info(); err == nil && os.SameFile(st, out) {
				found = true
				return filepath.SkipAll
			}
		}
		return nil
	})
	return found
}

// resolved returns path made absolute with its symbolic links resolved:
// all of them when it exists; else those of its folder, and, for a
// dangling link, those of the link's target (following at most 40 links,
// as the kernel does).
func resolved(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	for range 40 {
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			return real, nil
		}
		target, err := os.Readlink(abs)
		if err != nil {
			break
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		abs = target
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// checkOutputs checks each output, a flag and its path, with
// outputClash, and that no two outputs are one file; it returns
// exitUsage after printing the first clash, or -1 when there is none.
func checkOutputs(stderr io.Writer, cmd string, inputs []string, outs ...[2]string) int {
	seen := map[string]string{} // resolved path → flag
	for _, o := range outs {
		if err := outputClash(o[0], o[1], inputs); err != nil {
			return usageError(stderr, cmd, "%v", err)
		}
		if o[1] == "" || o[1] == "-" {
			continue
		}
		if st, err := os.Stat(o[1]); err == nil && !st.Mode().IsRegular() {
			continue // /dev/null may take several
		}
		key, err := resolved(o[1])
		if err != nil {
			continue
		}
		if first, ok := seen[key]; ok {
			return usageError(stderr, cmd, "%s and %s name one file, %s: give each its own", first, o[0], o[1])
		}
		seen[key] = o[0]
	}
	return -1
}
