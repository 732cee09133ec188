//go:build unix && !linux

package main

import "os"

// unread cannot tell here how much of a pipe is unread.
func unread(*os.File) (int, bool) { return 0, false }
