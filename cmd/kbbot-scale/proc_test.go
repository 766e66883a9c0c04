package main

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"syscall"
	"testing"
)

func TestParseMem(t *testing.T) {
	status := "Name:\tkbbot\nVmPeak:\t 2000000 kB\nVmHWM:\t  154320 kB\nVmRSS:\t  101004 kB\nThreads:\t9\n"
	got, err := parseMem(status)
	if err != nil {
		t.Fatal(err)
	}
	if want := (memStatus{HWM: 154320, RSS: 101004}); got != want {
		t.Errorf("parseMem = %+v, want %+v", got, want)
	}
	for name, bad := range map[string]string{
		"zombie (no Vm lines)": "Name:\tkbbot\nState:\tZ (zombie)\n",
		"unit":                 "VmHWM:\t1 MB\nVmRSS:\t1 kB\n",
		"number":               "VmHWM:\tlots kB\nVmRSS:\t1 kB\n",
	} {
		if _, err := parseMem(bad); err == nil {
			t.Errorf("%s: parseMem(%q) succeeded, want an error", name, bad)
		}
	}
}

// TestReadMemSelf reads this process's own /proc status around a large
// mapping touched page by page: the resident set must grow by it, and the
// peak reach it. Fresh pages from the kernel, not Go's heap, so that pages
// the heap kept from earlier tests cannot stand in for them; the peak is
// checked against the resident set before, as an earlier test may have
// set it higher.
func TestReadMemSelf(t *testing.T) {
	before, err := readMem(0)
	if err != nil {
		t.Fatal(err)
	}
	if before.RSS == 0 || before.HWM < before.RSS {
		t.Fatalf("readMem(self) = %+v: want RSS > 0 and HWM ≥ RSS", before)
	}
	const size = 96 << 20
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Munmap(b) }()
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1 // touch every page so it is resident
	}
	after, err := readMem(os.Getpid()) // the same process by its pid
	if err != nil {
		t.Fatal(err)
	}
	want := before.RSS + size/1024*9/10
	if after.RSS < want {
		t.Errorf("VmRSS %d KiB after touching %d KiB on top of %d KiB, want at least %d", after.RSS, size/1024, before.RSS, want)
	}
	if after.HWM < want {
		t.Errorf("VmHWM %d KiB after touching %d KiB on top of %d KiB resident, want at least %d", after.HWM, size/1024, before.RSS, want)
	}
	if after.HWM < after.RSS {
		t.Errorf("VmHWM %d < VmRSS %d", after.HWM, after.RSS)
	}
}

// TestRusagePeak checks the Linux behaviour rusagePeakKiB guards against:
// a child that uses little reports this process's peak as its own Maxrss
// (refused), while one that uses more than this process reports its own.
func TestRusagePeak(t *testing.T) {
	small := exec.Command("true")
	if err := small.Run(); err != nil {
		t.Fatal(err)
	}
	self, err := readMem(0)
	if err != nil {
		t.Fatal(err)
	}
	if kib, ok := rusagePeakKiB(small.ProcessState, self.HWM); ok {
		t.Errorf("true: Maxrss %d KiB taken as the child's own, with this process's peak at %d KiB", kib, self.HWM)
	}

	want := self.HWM/1024 + 128 // MiB: well above this process
	big := exec.Command(os.Args[0], "-test.run=^TestAllocHelper$")
	big.Env = append(os.Environ(), "KBBOT_SCALE_ALLOC_MIB="+strconv.FormatUint(want, 10))
	if out, err := big.CombinedOutput(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
	self, err = readMem(0)
	if err != nil {
		t.Fatal(err)
	}
	kib, ok := rusagePeakKiB(big.ProcessState, self.HWM)
	if !ok || kib < want*1024 {
		t.Errorf("helper touching %d MiB: rusagePeakKiB = %d KiB, %v; want ≥ %d KiB, true", want, kib, ok, want*1024)
	}
}

// TestAllocHelper is the child of TestRusagePeak: it touches
// KBBOT_SCALE_ALLOC_MIB MiB.
func TestAllocHelper(t *testing.T) {
	v := os.Getenv("KBBOT_SCALE_ALLOC_MIB")
	if v == "" {
		t.Skip("a helper process for TestRusagePeak")
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, n<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	runtime.KeepAlive(b)
}

func TestLoadAverage(t *testing.T) {
	la, err := loadAverage()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range la {
		if v < 0 {
			t.Errorf("load average [%d] = %v, want ≥ 0", i, v)
		}
	}
}
