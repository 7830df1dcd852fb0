// Package semaphorereleased limits concurrent downloads with a channel semaphore.
//
// clean: the slot is released by a defer, on the error path too.
package semaphorereleased

import "errors"

// ErrNotFound is a failed download.
var ErrNotFound = errors.New("not found")

// Limiter runs at most cap(slots) downloads at once.
type Limiter struct{ slots chan struct{} }

// NewLimiter allows n downloads at a time.
func NewLimiter(n int) *Limiter { return &Limiter{slots: make(chan struct{}, n)} }

// Download fetches name in the background and reports the outcome to done.
func (l *Limiter) Download(name string, fetch func(string) error, done func(error)) {
	go func() {
		l.slots <- struct{}{}
		defer func() { <-l.slots }()
		done(fetch(name))
	}()
}
