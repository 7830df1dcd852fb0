// Package tickerstopnosignal sends heartbeats on a ticker. Stop stops the ticker but never closes the quit channel the
// loop also waits on, so the loop sits in its select with no channel left that anyone can signal.
package tickerstopnosignal

import "time"

// Heartbeat calls beat on every tick until stopped.
type Heartbeat struct {
	ticker *time.Ticker
	quit   chan struct{}
}

// Start begins beating every interval.
func Start(interval time.Duration, beat func()) *Heartbeat {
	h := &Heartbeat{ticker: time.NewTicker(interval), quit: make(chan struct{})}
	go func() { // created
		for {
			select { // leak: select
			case <-h.ticker.C:
				beat()
			case <-h.quit:
				return
			}
		}
	}()
	return h
}

// Stop stops the ticker; the quit channel is left open.
func (h *Heartbeat) Stop() {
	h.ticker.Stop()
}
