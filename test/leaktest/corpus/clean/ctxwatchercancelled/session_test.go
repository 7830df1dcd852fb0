package ctxwatchercancelled

import (
	"testing"
	"time"
)

func TestSessionCloseForgetsToken(t *testing.T) {
	forgotten := make(chan string, 1)
	s := Open("tok-123", time.Hour, func(tok string) { forgotten <- tok })
	s.Close()
	if got := <-forgotten; got != "tok-123" {
		t.Fatalf("forgot %q", got)
	}
}

func TestSessionLeftOpenExpiresSoon(t *testing.T) {
	// Not closed: the watcher is still waiting when the test returns, but the deadline ends it a moment later.
	Open("tok-456", 20*time.Millisecond, func(string) {})
}
