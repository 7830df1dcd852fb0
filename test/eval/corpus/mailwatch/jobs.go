package main

import (
	"context"
	"time"
)

// resends tracks the retry of each undelivered message; a retry is abandoned when the message is bounced.
type resends struct {
	pending map[string]context.CancelFunc
}

func (r *resends) schedule(id string, retry func(context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	r.pending[id] = cancel
	go retry(ctx)
}

// bounced forgets the retry but never cancels it, so its goroutine keeps trying.
func (r *resends) bounced(id string) {
	delete(r.pending, id) // want "lost-cancel"
}

// delivered stops the retry and forgets it.
func (r *resends) delivered(id string) {
	if cancel, ok := r.pending[id]; ok {
		cancel()
	}
	delete(r.pending, id)
}

// sweepEvery starts a sweep on every tick whether or not the previous one finished.
func sweepEvery(ctx context.Context, sweep func()) {
	t := time.NewTicker(20 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			go sweep() // want "unbounded-spawn"
		}
	}
}
