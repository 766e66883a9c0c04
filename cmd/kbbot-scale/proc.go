package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// The tool is Linux-only: memory is read from /proc and from wait4's
// rusage.

// memStatus is a process's resident memory from /proc/PID/status, in KiB:
// VmHWM is its peak resident set so far, VmRSS its resident set now.
type memStatus struct {
	HWM, RSS uint64
}

// readMem reads /proc/PID/status (pid 0: this process).
func readMem(pid int) (memStatus, error) {
	path := "/proc/self/status"
	if pid != 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return memStatus{}, err
	}
	return parseMem(string(b))
}

// parseMem reads VmHWM and VmRSS out of a /proc/PID/status text.
func parseMem(status string) (memStatus, error) {
	var m memStatus
	var seen int
	for line := range strings.SplitSeq(status, "\n") {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || (name != "VmHWM" && name != "VmRSS") {
			continue
		}
		f := strings.Fields(rest) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return memStatus{}, fmt.Errorf("proc status: %s: unexpected %q", name, strings.TrimSpace(rest))
		}
		v, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return memStatus{}, fmt.Errorf("proc status: %s: %w", name, err)
		}
		if name == "VmHWM" {
			m.HWM = v
		} else {
			m.RSS = v
		}
		seen++
	}
	if seen != 2 {
		// A zombie (exited, not yet waited for) has no Vm lines.
		return memStatus{}, errors.New("proc status: no VmHWM and VmRSS")
	}
	return m, nil
}

// rusagePeakKiB is a waited-for child's peak resident set (Maxrss, KiB on
// Linux).
//
// Linux carries the high-water mark of the memory a process had before
// execve into the new program's: Go starts children with vfork semantics,
// sharing this process's memory until the exec, so a child's Maxrss is at
// least this process's own peak at the time, plus the few pages the child
// touches between fork and exec. A figure no higher than selfHWM (this
// process's VmHWM read after the child's exec, so at least what it
// inherited) and inheritedSlackKiB says nothing about the child, and ok is
// false; the tool keeps its own memory small (the corpus is streamed to
// disk) so that every kbbot process is well above it.
func rusagePeakKiB(ps *os.ProcessState, selfHWM uint64) (kib uint64, ok bool) {
	if ps == nil {
		return 0, false
	}
	ru, isRU := ps.SysUsage().(*syscall.Rusage)
	if !isRU || ru.Maxrss <= 0 {
		return 0, false
	}
	kib = uint64(ru.Maxrss)
	return kib, kib > selfHWM+inheritedSlackKiB
}

// inheritedSlackKiB is how far above this process's peak a child's Maxrss
// may be and still be only what it inherited (seen: 4 KiB under go test
// -race). Any kbbot process is tens of MiB above the tool.
const inheritedSlackKiB = 4 << 10

// loadAverage reads the 1-, 5- and 15-minute load averages.
func loadAverage() ([3]float64, error) {
	var la [3]float64
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return la, err
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return la, fmt.Errorf("/proc/loadavg: unexpected %q", strings.TrimSpace(string(b)))
	}
	for i := range la {
		if la[i], err = strconv.ParseFloat(f[i], 64); err != nil {
			return la, fmt.Errorf("/proc/loadavg: %w", err)
		}
	}
	return la, nil
}

// mib converts KiB to MiB, the unit of the table (the "MB").
func mib(kib uint64) float64 { return float64(kib) / 1024 }
