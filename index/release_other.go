//go:build !linux

package index

// release does nothing here; see release_linux.go.
func (ix *Index) release() {}
