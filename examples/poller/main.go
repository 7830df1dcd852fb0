// poller watches a queue directory and reports its length, with a heartbeat for the monitoring system.
package main

import (
	"context"
	"log"
	"os"
	"os/signal"
	"time"
)

// queueLength counts the entries waiting in dir.
func queueLength(dir string) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	return len(entries), nil
}

// waitForQueue polls until the queue is empty or the deadline passes. The ticker is never stopped, so every call
// leaves one behind (before Go 1.23 it is never collected).
func waitForQueue(dir string, deadline time.Time) bool {
	ticker := time.NewTicker(500 * time.Millisecond)
	for now := range ticker.C {
		if n, err := queueLength(dir); err == nil && n == 0 {
			return true
		}
		if now.After(deadline) {
			return false
		}
	}
	return false
}

// heartbeat logs a line now and then. time.Tick's ticker can never be stopped, and this function returns.
func heartbeat(ctx context.Context) {
	for t := range time.Tick(time.Minute) {
		if ctx.Err() != nil {
			return
		}
		log.Printf("heartbeat %s", t.Format(time.RFC3339))
	}
}

// report loops forever and never looks at ctx, so nothing can stop it.
func report(ctx context.Context, dir string) {
	for {
		select {
		case <-time.After(10 * time.Second):
			n, err := queueLength(dir)
			if err != nil {
				log.Printf("queue: %v", err)
				continue
			}
			log.Printf("queue length %d", n)
		}
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	dir := "/var/spool/jobs"
	go heartbeat(ctx)
	go report(ctx, dir)
	// Wait for the queue to drain, hour after hour, until interrupted.
	for ctx.Err() == nil {
		if !waitForQueue(dir, time.Now().Add(time.Hour)) {
			log.Print("queue still busy after an hour")
		}
	}
}
