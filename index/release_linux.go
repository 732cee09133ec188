package index

import (
	"os"
	"syscall"
)

// release drops the pages of the database file that reading mapped into
// the process: bbolt reads through a shared, read-only mapping of the
// file, and a run that has read every document would otherwise keep the
// whole file resident (and counted in its memory) while it groups. The
// pages stay in the page cache and come back, from there or from the
// file, when read again (MADV_DONTNEED on a shared file mapping loses
// nothing).
func (ix *Index) release() {
	fi, err := os.Stat(ix.db.Path())
	if err != nil || fi.Size() == 0 {
		return
	}
	// bbolt maps at least the file's size from Info().Data.
	syscall.Syscall(syscall.SYS_MADVISE, ix.db.Info().Data, uintptr(fi.Size()), syscall.MADV_DONTNEED)
}
