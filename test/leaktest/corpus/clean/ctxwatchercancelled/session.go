// Package ctxwatchercancelled opens a session whose expiry watcher waits for the session's context to end.
//
// clean: Close cancels the context, so the watcher wakes and returns.
package ctxwatchercancelled

import (
	"context"
	"time"
)

// Session is a logged-in API session.
type Session struct {
	Token  string
	cancel context.CancelFunc
}

// Open logs in and starts a watcher that forgets the token when the session ends or expires.
func Open(token string, ttl time.Duration, forget func(string)) *Session {
	ctx, cancel := context.WithTimeout(context.Background(), ttl)
	go func() {
		<-ctx.Done()
		forget(token)
	}()
	return &Session{Token: token, cancel: cancel}
}

// Close ends the session.
func (s *Session) Close() { s.cancel() }
