package main

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// redisTarget is REDIS_URL parsed: exactly one of the three is set.
type redisTarget struct {
	single   *redis.Options
	failover *redis.FailoverOptions
	cluster  *redis.ClusterOptions
}

// newClient connects to the target. Calls honour their context's deadline
// (ContextTimeoutEnabled): queueing on the acknowledgement path must give
// up well inside Slack's three seconds when Redis hangs.
func (t redisTarget) newClient() redis.UniversalClient {
	switch {
	case t.cluster != nil:
		t.cluster.ContextTimeoutEnabled = true
		return redis.NewClusterClient(t.cluster)
	case t.failover != nil:
		t.failover.ContextTimeoutEnabled = true
		return redis.NewFailoverClient(t.failover)
	}
	t.single.ContextTimeoutEnabled = true
	return redis.NewClient(t.single)
}

// parseRedisURL reads REDIS_URL, in the three forms NHS teams run Redis:
//
//	redis://[user:password@]host:6379[/db]           one server (or a managed primary)
//	rediss://…                                       the same over TLS (Azure Cache for Redis, ElastiCache)
//	redis+sentinel://[:password@]h1:26379,h2:26379[/db]?master=NAME   Sentinel
//	redis+cluster://[:password@]h1:6379,h2:6379      Cluster (set KBBOT_NAMESPACE={kb})
//
// Add "s" after redis for TLS in each form (rediss+sentinel://,
// rediss+cluster://). kbbot checks the form and the hosts, then hands the
// URL to go-redis's own parsers (ParseURL, ParseFailoverURL,
// ParseClusterURL), so their query options work as documented there:
// dial_timeout, read_timeout, pool_size, max_retries, client_name, … An
// unknown option is an error, not silently ignored.
func parseRedisURL(s string) (redisTarget, error) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		// url.Parse's message would quote the URL, password and all.
		return redisTarget{}, errors.New("want redis://host:port, rediss://host:port, redis+sentinel://… or redis+cluster://…")
	}
	scheme, topology, _ := strings.Cut(u.Scheme, "+")
	if scheme != "redis" && scheme != "rediss" {
		return redisTarget{}, fmt.Errorf("unknown scheme %q (want redis or rediss)", u.Scheme)
	}
	hosts := strings.Split(u.Host, ",")
	for i, h := range hosts {
		if _, _, err := net.SplitHostPort(h); err != nil {
			// No port: add the default, keeping an IPv6 literal's brackets.
			if strings.HasPrefix(h, "[") {
				h += ":6379"
			} else {
				h = net.JoinHostPort(h, "6379")
			}
		}
		if host, _, _ := net.SplitHostPort(h); host == "" {
			return redisTarget{}, errors.New("a host is empty")
		}
		hosts[i] = h
	}
	db := 0
	if p := strings.Trim(u.Path, "/"); p != "" {
		if db, err = strconv.Atoi(p); err != nil || db < 0 {
			return redisTarget{}, fmt.Errorf("database %q is not a number", p)
		}
	}
	// go-redis's form: one host in the authority, the others as addr=.
	q := u.Query()
	g := *u
	g.Scheme, g.Host = scheme, hosts[0]
	var t redisTarget
	switch topology {
	case "":
		if len(hosts) > 1 {
			return redisTarget{}, errors.New("several hosts need redis+sentinel:// or redis+cluster://")
		}
		t.single, err = redis.ParseURL(g.String())
	case "sentinel":
		if m := q.Get("master"); m != "" {
			q.Del("master")
			q.Set("master_name", m)
		}
		if q.Get("master_name") == "" {
			return redisTarget{}, errors.New("redis+sentinel:// needs ?master=NAME")
		}
		for _, h := range hosts[1:] {
			q.Add("addr", h)
		}
		g.RawQuery = q.Encode()
		if t.failover, err = redis.ParseFailoverURL(g.String()); err == nil && t.failover.Password == "" {
			// The URL's credentials are the master's as well as the
			// sentinels', unless ?username=…&password=… say otherwise.
			t.failover.Username, t.failover.Password = t.failover.SentinelUsername, t.failover.SentinelPassword
		}
	case "cluster":
		if db != 0 {
			return redisTarget{}, errors.New("Redis Cluster has only database 0")
		}
		for _, h := range hosts[1:] {
			q.Add("addr", h)
		}
		g.RawQuery, g.Path = q.Encode(), ""
		if t.cluster, err = redis.ParseClusterURL(g.String()); err == nil && t.cluster.TLSConfig != nil {
			t.cluster.TLSConfig.MinVersion = tls.VersionTLS12
		}
	default:
		return redisTarget{}, fmt.Errorf("unknown topology %q (want sentinel or cluster)", topology)
	}
	if err != nil {
		return redisTarget{}, errors.New(strings.TrimPrefix(err.Error(), "redis: "))
	}
	return t, nil
}
