// Package pollerupdates polls a deployment's status and streams every status it sees. WaitReady stops reading as soon
// as the deployment is ready, and the polling goroutine blocks handing over the next status.
package pollerupdates

import (
	"context"
	"time"
)

// Poll calls status every interval and sends each result until ctx ends.
func Poll(ctx context.Context, status func() string, interval time.Duration) <-chan string {
	updates := make(chan string)
	go func() { // created
		defer close(updates)
		for {
			s := status()
			updates <- s // leak: chan send
			select {
			case <-ctx.Done():
				return
			case <-time.After(interval):
			}
		}
	}()
	return updates
}

// WaitReady returns once status reports "ready", or false when polling ended first.
func WaitReady(status func() string) bool {
	for s := range Poll(context.Background(), status, time.Millisecond) {
		if s == "ready" {
			return true
		}
	}
	return false
}
