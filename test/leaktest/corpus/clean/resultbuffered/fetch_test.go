package resultbuffered

import (
	"errors"
	"testing"
	"time"
)

func TestFetchGivesUpOnSlowBackend(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	slow := func() string { <-release; return "late" }
	if _, err := FetchWithTimeout(slow, time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
}

func TestFetchReturnsFastAnswer(t *testing.T) {
	v, err := FetchWithTimeout(func() string { return "fast" }, time.Second)
	if err != nil || v != "fast" {
		t.Fatalf("got %q %v", v, err)
	}
}
