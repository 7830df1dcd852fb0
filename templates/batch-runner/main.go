// Command batch runs one command per host, a few hosts at a time, each with its own timeout, and reports every
// failure at the end (one failing host does not stop the others).
//
//	go run . -concurrency 4 -timeout 2m -cmd "ssh {host} sudo systemctl restart app" web1 web2 web3
//
// {host} in -cmd is replaced by the host name. The command runs without a shell (arguments are split on spaces).
// The exit code is 0 when every host succeeded, 1 otherwise; Ctrl+C kills the commands still running.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	command := flag.String("cmd", "", `command to run per host; {host} is replaced by the host, e.g. "ssh {host} uptime"`)
	timeout := flag.Duration("timeout", time.Minute, "timeout of the command on one host")
	concurrency := flag.Int("concurrency", 4, "how many hosts are worked on at once")
	pprofAddr := flag.String("pprof", "", "serve net/http/pprof on this loopback address, e.g. 127.0.0.1:6060")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: %s -cmd COMMAND [flags] HOST...\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	hosts := flag.Args()
	args := strings.Fields(*command)
	if len(args) == 0 || len(hosts) == 0 || *concurrency < 1 || *timeout <= 0 {
		flag.Usage()
		os.Exit(2)
	}

	os.Exit(run(hosts, args, *timeout, *concurrency, *pprofAddr))
}

// run works on every host and returns the exit code.
func run(hosts, args []string, timeout time.Duration, concurrency int, pprofAddr string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if pprofAddr != "" {
		stopPprof, err := startPprof(pprofAddr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pprof:", err)
			return 2
		}
		defer stopPprof()
	}
	if err := runAll(ctx, hosts, args, timeout, concurrency); err != nil {
		fmt.Fprintf(os.Stderr, "failed:\n%v\n", err)
		return 1
	}
	fmt.Printf("all %d hosts done\n", len(hosts))
	return 0
}

// runAll runs the command on every host, at most concurrency at once, and joins the errors of the failed hosts.
func runAll(ctx context.Context, hosts, args []string, timeout time.Duration, concurrency int) error {
	errs := make([]error, len(hosts))
	slots := make(chan struct{}, concurrency) // a semaphore: a send takes a slot, a receive frees it
	var wg sync.WaitGroup
	for i, host := range hosts {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			errs[i] = runOn(ctx, host, args, timeout)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// runOn runs the command for one host and prints its output; CombinedOutput waits for the process to exit.
func runOn(ctx context.Context, host string, args []string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	expanded := make([]string, len(args))
	for i, arg := range args {
		expanded[i] = strings.ReplaceAll(arg, "{host}", host)
	}
	cmd := exec.CommandContext(ctx, expanded[0], expanded[1:]...)
	cmd.WaitDelay = time.Second // do not wait forever for output pipes held open by grandchildren
	out, err := cmd.CombinedOutput()
	if len(out) > 0 {
		fmt.Printf("[%s] %s\n", host, bytes.TrimRight(out, "\n"))
	}
	if ctx.Err() == context.DeadlineExceeded {
		return fmt.Errorf("%s: timed out after %v", host, timeout)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", host, err)
	}
	fmt.Printf("[%s] ok\n", host)
	return nil
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
