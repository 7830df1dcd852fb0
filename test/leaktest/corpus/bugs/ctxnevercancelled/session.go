// Package ctxnevercancelled opens a session whose expiry watcher waits for the session's context to end. Close forgets
// to call the cancel function it stored, so the watcher waits on ctx.Done forever.
package ctxnevercancelled

import "context"

// Session is a logged-in API session.
type Session struct {
	Token  string
	cancel context.CancelFunc
	closed bool
}

// Open logs in and starts a watcher that forgets the token when the session ends.
func Open(token string, forget func(string)) *Session {
	ctx, cancel := context.WithCancel(context.Background())
	s := &Session{Token: token, cancel: cancel}
	go func() { // created
		<-ctx.Done() // leak: chan receive
		forget(token)
	}()
	return s
}

// Close marks the session closed but never cancels its context.
func (s *Session) Close() {
	s.closed = true
}
