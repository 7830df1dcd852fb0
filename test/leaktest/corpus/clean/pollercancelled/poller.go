// Package pollercancelled polls a deployment's status and streams every status it sees until ready.
//
// clean: WaitReady cancels the poller's context when it returns, and the poller's send selects on ctx.Done.
package pollercancelled

import (
	"context"
	"time"
)

// Poll calls status every interval and sends each result until ctx ends.
func Poll(ctx context.Context, status func() string, interval time.Duration) <-chan string {
	updates := make(chan string)
	go func() {
		defer close(updates)
		ticker := time.NewTicker(interval)
		defer ticker.Stop()
		for {
			select {
			case updates <- status():
			case <-ctx.Done():
				return
			}
			select {
			case <-ticker.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	return updates
}

// WaitReady returns once status reports "ready", or false when polling ended first.
func WaitReady(ctx context.Context, status func() string) bool {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for s := range Poll(ctx, status, time.Millisecond) {
		if s == "ready" {
			return true
		}
	}
	return false
}
