package main

import (
	"os"
	"syscall"
	"unsafe"
)

// unread returns how many bytes written to pipe w have not been read yet.
func unread(w *os.File) (int, bool) {
	var n int32
	_, _, errno := syscall.Syscall(syscall.SYS_IOCTL, w.Fd(), syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	return int(n), errno == 0
}
