package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheckCommand is `kbbot healthcheck`: the container image has no
// shell or curl, so its HEALTHCHECK runs this.
func healthcheckCommand() command {
	return command{
		name:    "healthcheck",
		args:    "",
		summary: "ask a running kbbot on KBBOT_ADDR for /healthz (the image's HEALTHCHECK)",
		hidden:  true,
		setup: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *cmdEnv, _ []string) error {
				return runHealthcheck(ctx, e.cfg, e)
			}
		},
	}
}

// runHealthcheck asks a running kbbot on KBBOT_ADDR for /healthz.
func runHealthcheck(ctx context.Context, cfg config, e *cmdEnv) error {
	_, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return usagef("KBBOT_ADDR: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /healthz answered %d", resp.StatusCode)
	}
	fmt.Fprintln(e.stdout, "ok")
	return nil
}
