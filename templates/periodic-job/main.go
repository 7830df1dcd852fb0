// Command periodic runs a job every -every until it receives SIGINT or SIGTERM, then stops cleanly: the run in
// progress is cancelled through its context, the ticker is stopped, and the process exits 0.
//
//	go run . -every 30s -pprof 127.0.0.1:6060
//
// Replace the body of job with the work to repeat. Each run gets a context that ends at the next tick at the latest,
// so a slow run never overlaps the next one and never outlives a stop request.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	every := flag.Duration("every", 30*time.Second, "interval between the starts of two runs")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060")
	flag.Parse()
	if *every <= 0 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*every, *pprofAddr); err != nil {
		log.Fatal(err)
	}
}

func run(every time.Duration, pprofAddr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if pprofAddr != "" {
		stopPprof, err := startPprof(pprofAddr)
		if err != nil {
			return fmt.Errorf("pprof: %w", err)
		}
		defer stopPprof()
	}

	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for n := 1; ; n++ {
		runOnce(ctx, n, every)
		select {
		case <-ctx.Done():
			log.Printf("stopped after %d runs", n)
			return nil
		case <-ticker.C:
		}
	}
}

// runOnce runs the job with a deadline of one interval and logs how it went.
func runOnce(ctx context.Context, n int, every time.Duration) {
	runCtx, cancel := context.WithTimeout(ctx, every)
	defer cancel()
	start := time.Now()
	if err := job(runCtx); err != nil {
		log.Printf("run %d failed after %v: %v", n, time.Since(start).Round(time.Millisecond), err)
		return
	}
	log.Printf("run %d done in %v", n, time.Since(start).Round(time.Millisecond))
}

// job is the work to repeat. It must return when ctx is done.
func job(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
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
