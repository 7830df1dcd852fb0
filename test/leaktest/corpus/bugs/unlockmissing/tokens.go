// Package unlockmissing refreshes an OAuth token under a mutex. The error path returns without unlocking, so the next
// request's goroutine blocks on Lock forever.
package unlockmissing

import (
	"errors"
	"sync"
)

// ErrUnauthorized is a refused refresh.
var ErrUnauthorized = errors.New("unauthorized")

// Source hands out a token and refreshes it when asked.
type Source struct {
	mu    sync.Mutex
	token string
}

// Refresh fetches a new token.
func (s *Source) Refresh(fetch func() (string, error)) error {
	s.mu.Lock()
	t, err := fetch()
	if err != nil {
		return err // the lock is still held
	}
	s.token = t
	s.mu.Unlock()
	return nil
}

// Token returns the current token.
func (s *Source) Token() string {
	s.mu.Lock() // leak: sync.Mutex.Lock
	defer s.mu.Unlock()
	return s.token
}

// Authorize adds the token to a request in the background and hands the header to send.
func (s *Source) Authorize(send func(header string)) {
	go func() { // created
		send("Bearer " + s.Token())
	}()
}
