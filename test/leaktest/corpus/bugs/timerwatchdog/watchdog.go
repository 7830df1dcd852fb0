// Package timerwatchdog guards each step of a job with a time.AfterFunc watchdog that reports an overrun on an
// unbuffered channel. A step that finishes in time never reads that channel, so the watchdog callback blocks on its
// send when the timer fires.
package timerwatchdog

import "time"

// RunSteps runs each step and returns how many overran limit.
func RunSteps(steps []func(), limit time.Duration) int {
	overruns := 0
	for _, step := range steps {
		overrun := make(chan string)
		time.AfterFunc(limit, func() {
			overrun <- "step took longer than " + limit.String() // leak: chan send
		})
		done := make(chan struct{})
		go func() { step(); close(done) }()
		select {
		case <-done:
			// The step finished; the watchdog is left armed.
		case <-overrun:
			overruns++
		}
	}
	return overruns
}
