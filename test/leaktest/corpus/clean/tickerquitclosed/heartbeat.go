// Package tickerquitclosed sends heartbeats on a ticker until stopped.
//
// clean: Stop stops the ticker and closes the quit channel the loop waits on.
package tickerquitclosed

import "time"

// Heartbeat calls beat on every tick until stopped.
type Heartbeat struct {
	ticker *time.Ticker
	quit   chan struct{}
}

// Start begins beating every interval.
func Start(interval time.Duration, beat func()) *Heartbeat {
	h := &Heartbeat{ticker: time.NewTicker(interval), quit: make(chan struct{})}
	go func() {
		for {
			select {
			case <-h.ticker.C:
				beat()
			case <-h.quit:
				return
			}
		}
	}()
	return h
}

// Stop ends the heartbeat.
func (h *Heartbeat) Stop() {
	h.ticker.Stop()
	close(h.quit)
}
