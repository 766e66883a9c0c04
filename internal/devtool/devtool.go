// Package devtool holds what kbbot's developer tools (cmd/kbbot-load,
// cmd/kbbot-scale) and test harnesses share: the shape of a tool's main,
// and a free local port.
package devtool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
)

// UsageError is a mistake in a tool's command line: Main exits 2 for it.
type UsageError string

func (e UsageError) Error() string { return string(e) }

// Main runs a tool until it returns or SIGINT or SIGTERM cancels its
// context, then prints any error prefixed with the tool's name and exits 2
// for a UsageError, 1 for any other.
func Main(name string, run func(ctx context.Context, args []string, stdout, stderr io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+": "+err.Error())
		var ue UsageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
