package main

import (
	"context"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// startRelay is the daemon: it runs once per process, so its signal channels and its status server live as long as
// the program.
func startRelay(upstream, listen string) error {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	restart := make(chan os.Signal, 1)
	signal.Notify(restart, syscall.SIGUSR2)

	statusLn, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	status := &http.Server{Handler: http.HandlerFunc(statusPage), ReadHeaderTimeout: 5 * time.Second}
	go status.Serve(statusLn)

	countCtx, stopCounting := context.WithCancel(context.Background())
	defer stopCounting()
	go countLines(countCtx)

	// The keep-alive pinger lives as long as the daemon; countCtx is the counter's.
	go func() {
		for {
			if conn, err := net.DialTimeout("tcp", upstream, time.Second); err == nil {
				conn.Close()
			}
			time.Sleep(30 * time.Second)
		}
	}()

	for {
		conn, err := net.DialTimeout("tcp", upstream, 5*time.Second)
		if err != nil {
			log.Print(err)
			time.Sleep(time.Second)
			continue
		}
		relayFeed(conn)
		select {
		case <-stop:
			return nil
		case <-restart:
			reexec()
		default:
		}
	}
}

func statusPage(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte("ok"))
}

func countLines(ctx context.Context) {
	<-ctx.Done()
}

// reexec starts a fresh copy of the binary; the caller's process ends right after.
func reexec() {
	self := exec.Command(os.Args[0], os.Args[1:]...)
	self.Stdout, self.Stderr = os.Stdout, os.Stderr
	if err := self.Start(); err != nil {
		log.Fatalf("re-exec: %v", err)
	}
	os.Exit(0)
}
