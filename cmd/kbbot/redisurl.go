package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// parseRedisURL reads REDIS_URL into options for go-redis's universal
// client, which covers the three ways NHS teams run Redis:
//
//	redis://[user:password@]host:6379[/db]           one server (or a managed primary)
//	rediss://…                                       the same over TLS (Azure Cache for Redis, ElastiCache)
//	redis+sentinel://[:password@]h1:26379,h2:26379[/db]?master=NAME   Sentinel
//	redis+cluster://[:password@]h1:6379,h2:6379      Cluster (set KBBOT_NAMESPACE={kb})
//
// Add "s" after redis for TLS in each form (rediss+sentinel://, rediss+cluster://).
func parseRedisURL(s string) (*redis.UniversalOptions, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("want redis://host:port, rediss://host:port, redis+sentinel://… or redis+cluster://…")
	}
	scheme, topology, _ := strings.Cut(u.Scheme, "+")
	if scheme != "redis" && scheme != "rediss" {
		return nil, fmt.Errorf("unknown scheme %q (want redis or rediss)", u.Scheme)
	}
	opts := &redis.UniversalOptions{}
	if u.User != nil {
		opts.Username = u.User.Username()
		opts.Password, _ = u.User.Password()
	}
	for _, h := range strings.Split(u.Host, ",") {
		if _, _, err := net.SplitHostPort(h); err != nil {
			// No port: add the default, keeping an IPv6 literal's brackets.
			if strings.HasPrefix(h, "[") {
				h += ":6379"
			} else {
				h = net.JoinHostPort(h, "6379")
			}
		}
		opts.Addrs = append(opts.Addrs, h)
	}
	if p := strings.Trim(u.Path, "/"); p != "" {
		db, err := strconv.Atoi(p)
		if err != nil || db < 0 {
			return nil, fmt.Errorf("database %q is not a number", p)
		}
		opts.DB = db
	}
	if scheme == "rediss" {
		host, _, _ := net.SplitHostPort(opts.Addrs[0])
		opts.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
	}
	switch topology {
	case "":
		if len(opts.Addrs) > 1 {
			return nil, fmt.Errorf("several hosts need redis+sentinel:// or redis+cluster://")
		}
	case "sentinel":
		opts.MasterName = u.Query().Get("master")
		if opts.MasterName == "" {
			return nil, fmt.Errorf("redis+sentinel:// needs ?master=NAME")
		}
		opts.SentinelPassword = opts.Password
	case "cluster":
		opts.IsClusterMode = true
		if opts.DB != 0 {
			return nil, fmt.Errorf("Redis Cluster has only database 0")
		}
	default:
		return nil, fmt.Errorf("unknown topology %q (want sentinel or cluster)", topology)
	}
	return opts, nil
}
