package main

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// adviseHugePages asks the kernel, for as long as a run lasts, to back
// the process's memory with transparent huge pages where it can: it
// marks every private anonymous mapping of at least a huge page
// (madvise MADV_HUGEPAGE), at once and then every hugePageTick, since
// Go's heap grows by new mappings. It returns what stops it.
//
// A run touches several times its peak of fresh memory (features
// written once, arrays of one grouping stage freed and handed back to
// the system before the next), and the first touch of a 4 KiB page is
// a page fault. On the virtual machine samestory is measured on, a
// fault costs about 10 µs (1 GiB in 4 KiB pages took 2.7 s to touch, in
// 2 MiB pages 64 ms once the memory had been used before), and the
// million generated articles spent 12.8 to 14.4 CPU-s in the kernel,
// for 1.3 million faults. With the advice: 0.3 million faults and 7.2
// to 9.4 CPU-s; SaudiNewsNet and the generated 100,000 took 0.86× and
// 0.85× the wall time (A B B A rounds), the million about the same
// (rounds of 1.07, 1.01, 1.00 and 0.96: the kernel's time is saved
// while grouping, but in three of them the CPU time as a whole was
// not). Memory the heap touches at once, before the next tick, keeps
// small pages.
//
// It does something only when the kernel uses huge pages where it is
// advised to (its setting madvise, the default of many distributions):
// set to always, it uses them without advice; set to never, the advice
// cannot override it. Nor when GODEBUG holds disablethp=1, Go's own
// switch for keeping its heap off huge pages.
func adviseHugePages() func() {
	if thpDisabled(os.Getenv("GODEBUG")) || thpMode() != "madvise" {
		return func() {}
	}
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(hugePageTick)
		defer t.Stop()
		advised := make(map[memRange]bool)
		for {
			if _, err := adviseMappings(advised); err != nil {
				return // no /proc, or no huge pages in this kernel: nothing to do
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// hugePageTick is how often adviseHugePages looks for new mappings.
// Reading and parsing /proc/self/maps (about 230 mappings in a run of
// the million) takes about a quarter of a millisecond: every 20 ms, it
// took 0.9 CPU-s of a 71-second run of the million. On 100,000
// articles, checking every 20 ms left 81,000–90,000 faults, every 100
// ms 93,000–101,000 in about the same time, every 250 ms 117,000 and
// more time; every 5 ms did no better than every 20.
const hugePageTick = 50 * time.Millisecond

// hugePage is the size of a transparent huge page on amd64 and arm64
// with 4 KiB pages; smaller mappings cannot hold one.
const hugePage = 2 << 20

// memRange is a mapping's addresses, [lo, hi).
type memRange struct{ lo, hi uintptr }

// adviseMappings advises huge pages for the process's private anonymous
// writable mappings of at least hugePage that are not in advised, and
// adds them there. It returns how many it advised, and an error when
// the mappings cannot be read or the kernel refuses the advice.
func adviseMappings(advised map[memRange]bool) (int, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	ranges, err := anonMappings(f, hugePage)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range ranges {
		if advised[r] {
			continue
		}
		if _, _, errno := syscall.Syscall(syscall.SYS_MADVISE, r.lo, r.hi-r.lo, syscall.MADV_HUGEPAGE); errno != 0 {
			if errno == syscall.ENOMEM {
				continue // unmapped since it was listed
			}
			return n, errno
		}
		advised[r] = true
		n++
	}
	return n, nil
}

// anonMappings reads a /proc/PID/maps listing and returns its private
// anonymous writable mappings of at least min bytes: those with no file
// and no name, or a name of the form [anon:...] (set by prctl).
func anonMappings(r io.Reader, min uintptr) ([]memRange, error) {
	var out []memRange
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		// address perms offset dev inode [pathname]
		f := strings.Fields(sc.Text())
		if len(f) < 5 || f[1] != "rw-p" || f[4] != "0" {
			continue
		}
		if len(f) > 5 && !strings.HasPrefix(f[5], "[anon:") {
			continue
		}
		if r, ok := parseRange(f[0]); ok && r.hi-r.lo >= min {
			out = append(out, r)
		}
	}
	return out, sc.Err()
}

// parseRange reads the addresses of a mapping as /proc/PID/maps and
// smaps write them, lo-hi in hexadecimal.
func parseRange(s string) (memRange, bool) {
	lo, hi, ok := strings.Cut(s, "-")
	if !ok {
		return memRange{}, false
	}
	l, err1 := strconv.ParseUint(lo, 16, 64)
	h, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || h < l {
		return memRange{}, false
	}
	return memRange{uintptr(l), uintptr(h)}, true
}

// thpMode returns the kernel's setting for transparent huge pages:
// always, madvise or never; "" when the kernel has none.
func thpMode() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return ""
	}
	return selected(string(b))
}

// selected returns the choice a sysfs file of choices marks as set, as
// in "always [madvise] never"; "" when none is.
func selected(choices string) string {
	for _, c := range strings.Fields(choices) {
		if len(c) > 2 && c[0] == '[' && c[len(c)-1] == ']' {
			return c[1 : len(c)-1]
		}
	}
	return ""
}

// thpDisabled reports whether a GODEBUG value sets disablethp=1 (the
// last setting of it counts, as in Go).
func thpDisabled(godebug string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "disablethp" {
			off = v == "1"
		}
	}
	return off
}
