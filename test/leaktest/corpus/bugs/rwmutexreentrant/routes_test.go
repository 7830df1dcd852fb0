package rwmutexreentrant

import (
	"testing"
	"time"
)

func TestResolveWhileUpdating(t *testing.T) {
	tbl := New(map[string]string{"/": "web"})
	resolved := make(chan string, 1)
	go func() { resolved <- tbl.Resolve("/api", "/", 5*time.Millisecond) }() // created
	time.Sleep(time.Millisecond)
	go tbl.Set("/api", "api") // created
	select {
	case <-resolved:
	case <-time.After(20 * time.Millisecond):
		// Resolution is best effort in this test; the deadlock is what the runtime detector reports.
	}
}
