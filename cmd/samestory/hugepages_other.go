//go:build !linux

package main

// adviseHugePages does nothing but on Linux (see hugepages_linux.go).
func adviseHugePages() func() { return func() {} }
