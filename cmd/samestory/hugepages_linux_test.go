package main

import (
	"bufio"
	"errors"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

func TestAnonMappings(t *testing.T) {
	maps := `00400000-00a49000 r-xp 00000000 fe:00 9978138                            /tmp/samestory
00a49000-00a7e000 rw-p 00649000 fe:00 9978138                            /tmp/samestory
00a7e000-02abb000 rw-p 00000000 00:00 0 
082ea000-0830b000 rw-p 00000000 00:00 0                                  [heap]
bf25800000-bf28000000 rw-p 00000000 00:00 0 
bf28000000-bf2ac00000 rw-p 00000000 00:00 0                              [anon:Go: heap]
bf2ac00000-bf30c00000 ---p 00000000 00:00 0 
bf30c00000-bf30d00000 rw-p 00000000 00:00 0 
7f0000000000-7f0000400000 rw-s 00000000 00:01 1234                       /dev/shm/x
7ffc0000000-7ffc0400000 rw-p 00000000 00:00 0                            [stack]
garbage line
`
	got, err := anonMappings(strings.NewReader(maps), hugePage)
	if err != nil {
		t.Fatal(err)
	}
	want := []memRange{{0x00a7e000, 0x02abb000}, {0xbf25800000, 0xbf28000000}, {0xbf28000000, 0xbf2ac00000}}
	if !slices.Equal(got, want) {
		t.Errorf("anonMappings = %x, want %x", got, want)
	}
}

func TestSelected(t *testing.T) {
	for in, want := range map[string]string{
		"always [madvise] never\n":                   "madvise",
		"[always] madvise never":                     "always",
		"always defer defer+madvise [madvise] never": "madvise",
		"always madvise never":                       "",
		"":                                           "",
		"[] never":                                   "",
	} {
		if got := selected(in); got != want {
			t.Errorf("selected(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTHPDisabled(t *testing.T) {
	for _, c := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1, disablethp=1", true},
		{"disablethp=1,disablethp=0", false},
		{"disablethp=0", false},
		{"xdisablethp=1", false},
	} {
		if got := thpDisabled(c.godebug); got != c.want {
			t.Errorf("thpDisabled(%q) = %v, want %v", c.godebug, got, c.want)
		}
	}
}

// TestAdviseMappings checks that the mapping holding a large slice of
// the heap is advised: its VmFlags in /proc/self/smaps hold hg.
func TestAdviseMappings(t *testing.T) {
	if mode := thpMode(); mode == "" || mode == "never" {
		t.Skipf("transparent huge pages: %q", mode)
	}
	b := make([]byte, 16<<20)
	addr := uintptr(unsafe.Pointer(&b[0]))
	advised := make(map[memRange]bool)
	n, err := adviseMappings(advised)
	if errors.Is(err, syscall.EINVAL) {
		t.Skipf("the kernel refuses MADV_HUGEPAGE: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("nothing advised")
	}
	if !vmFlagsHold(t, addr, "hg") {
		t.Errorf("the mapping of a 16 MiB slice at %#x is not advised", addr)
	}
	// The ticker starts and stops.
	adviseHugePages()()
	runtime.KeepAlive(b)
}

// vmFlagsHold reports whether the mapping holding addr has flag among
// its VmFlags in /proc/self/smaps.
func vmFlagsHold(t *testing.T, addr uintptr, flag string) bool {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no smaps: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		first, _, _ := strings.Cut(line, " ")
		if r, ok := parseRange(first); ok {
			in = addr >= r.lo && addr < r.hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return slices.Contains(strings.Fields(line)[1:], flag)
		}
	}
	t.Fatalf("no mapping holds %#x", addr)
	return false
}
