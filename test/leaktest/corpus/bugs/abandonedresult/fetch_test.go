package abandonedresult

import (
	"errors"
	"testing"
	"time"
)

func TestFetchGivesUpOnSlowBackend(t *testing.T) {
	release := make(chan struct{})
	// The fake backend answers only when the test ends, like a server that finishes its in-flight requests on shutdown.
	t.Cleanup(func() { close(release) })
	slow := func() string { <-release; return "late" }
	if _, err := FetchWithTimeout(slow, time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("got %v, want ErrTimeout", err)
	}
}
