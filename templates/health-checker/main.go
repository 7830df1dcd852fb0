// Command healthcheck checks HTTP endpoints concurrently and prints one line per URL:
//
//	✅ 2xx/3xx answer   ⚠️ any other status   ❌ no answer (refused, timeout, DNS…)
//
// The exit code is the number of URLs that were not ✅ (capped at 124), so a CI job or a cron wrapper fails when
// anything is unhealthy; 125 means bad usage or a -pprof address that cannot be served.
//
//	go run . -timeout 5s -concurrency 8 https://example.com/healthz http://127.0.0.1:8080/ready
//
// Leak-safe by construction: one shared http.Client with a timeout, every response body drained and closed, at most
// -concurrency requests in flight, and Ctrl+C cancels the requests still running.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// result is the outcome of checking one URL.
type result struct {
	url     string
	status  int // 0 when there was no answer
	err     error
	elapsed time.Duration
}

func main() {
	timeout := flag.Duration("timeout", 5*time.Second, "timeout of one check: connect, headers and body")
	concurrency := flag.Int("concurrency", 8, "how many checks run at once")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s [flags] URL...\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	urls := flag.Args()
	if len(urls) == 0 || *concurrency < 1 || *timeout <= 0 {
		flag.Usage()
		os.Exit(125)
	}
	os.Exit(run(urls, *timeout, *concurrency, *pprofAddr))
}

// run checks every URL, prints the results in input order and returns the exit code.
func run(urls []string, timeout time.Duration, concurrency int, pprofAddr string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if pprofAddr != "" {
		stopPprof, err := startPprof(pprofAddr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pprof:", err)
			return 125
		}
		defer stopPprof()
	}

	client := &http.Client{Timeout: timeout}
	defer client.CloseIdleConnections()

	results := make([]result, len(urls))
	slots := make(chan struct{}, concurrency) // a semaphore: a send takes a slot, a receive frees it
	var wg sync.WaitGroup
	for i, url := range urls {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			results[i] = check(ctx, client, url)
		}()
	}
	wg.Wait()

	failures := 0
	for _, r := range results {
		fmt.Println(r.line())
		if !r.healthy() {
			failures++
		}
	}
	return min(failures, 124)
}

// check sends one GET and reads (a bounded part of) the body, so that the connection can be reused.
func check(ctx context.Context, client *http.Client, url string) result {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return result{url: url, err: err}
	}
	resp, err := client.Do(req)
	if err != nil {
		return result{url: url, err: err, elapsed: time.Since(start)}
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return result{url: url, status: resp.StatusCode, err: err, elapsed: time.Since(start)}
}

func (r result) healthy() bool {
	return r.status >= 200 && r.status < 400 && r.err == nil
}

func (r result) line() string {
	ms := r.elapsed.Milliseconds()
	switch {
	case r.status == 0:
		return fmt.Sprintf("❌ %s: %v (%d ms)", r.url, describe(r.err), ms)
	case r.healthy():
		return fmt.Sprintf("✅ %d %s (%d ms)", r.status, r.url, ms)
	case r.err != nil:
		return fmt.Sprintf("⚠️ %d %s: reading the body: %v (%d ms)", r.status, r.url, r.err, ms)
	default:
		return fmt.Sprintf("⚠️ %d %s (%d ms)", r.status, r.url, ms)
	}
}

// describe shortens the most common network errors to what an operator needs to read.
func describe(err error) string {
	var netErr net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "timed out"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	default:
		return err.Error()
	}
}

// startPprof serves net/http/pprof on a loopback address (so the LeakLens Handles view can count goroutines) until
// the returned stop function is called.
func startPprof(addr string) (stop func(), err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("%s is not a loopback address; use e.g. 127.0.0.1:6060", addr)
	}
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = server.Serve(listener) }()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = server.Shutdown(ctx)
	}, nil
}
