// Package selectwithdone forwards settings updates to an apply function until its context is cancelled.
//
// clean: the loop's select has a ctx.Done case and Stop cancels the context.
package selectwithdone

import "context"

// Forwarder applies every update it receives.
type Forwarder struct {
	updates chan string
	cancel  context.CancelFunc
	done    chan struct{}
}

// Start runs the forwarding loop in its own goroutine.
func Start(apply func(string)) *Forwarder {
	ctx, cancel := context.WithCancel(context.Background())
	f := &Forwarder{updates: make(chan string), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(f.done)
		for {
			select {
			case u := <-f.updates:
				apply(u)
			case <-ctx.Done():
				return
			}
		}
	}()
	return f
}

// Update hands one update to the loop.
func (f *Forwarder) Update(u string) { f.updates <- u }

// Stop ends the loop and waits for it.
func (f *Forwarder) Stop() {
	f.cancel()
	<-f.done
}
