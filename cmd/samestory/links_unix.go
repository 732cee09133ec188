//go:build unix

package main

import (
	"os"
	"syscall"
)

// linked reports whether the file fi has more than one name (hard
// links), so that it may also be a file of an input folder.
func linked(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || st.Nlink > 1
}
