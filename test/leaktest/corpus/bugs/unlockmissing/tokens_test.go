package unlockmissing

import (
	"errors"
	"testing"
)

func TestRefreshFailureIsReported(t *testing.T) {
	s := &Source{token: "old"}
	err := s.Refresh(func() (string, error) { return "", ErrUnauthorized })
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("got %v", err)
	}
	s.Authorize(func(string) {})
}
