// Package semaphorenorelease limits concurrent downloads with a channel semaphore. A failed download returns without
// releasing its slot, so the next download's goroutine blocks acquiring a slot that never comes back.
package semaphorenorelease

import "errors"

// ErrNotFound is a failed download.
var ErrNotFound = errors.New("not found")

// Limiter runs at most cap(slots) downloads at once.
type Limiter struct{ slots chan struct{} }

// NewLimiter allows n downloads at a time.
func NewLimiter(n int) *Limiter { return &Limiter{slots: make(chan struct{}, n)} }

// Download fetches name in the background and reports the outcome to done.
func (l *Limiter) Download(name string, fetch func(string) error, done func(error)) {
	go func() { // created
		l.slots <- struct{}{} // leak: chan send
		if err := fetch(name); err != nil {
			done(err) // returns holding the slot
			return
		}
		<-l.slots
		done(nil)
	}()
}
