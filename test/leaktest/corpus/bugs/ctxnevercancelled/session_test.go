package ctxnevercancelled

import "testing"

func TestSessionClose(t *testing.T) {
	s := Open("tok-123", func(string) {})
	s.Close()
	if !s.closed {
		t.Fatal("session still open")
	}
}
