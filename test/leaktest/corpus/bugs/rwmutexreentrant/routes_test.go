package rwmutexreentrant

import (
	"runtime"
	"testing"
)

func TestResolveWhileUpdating(t *testing.T) {
	tbl := New(map[string]string{"/": "web"})
	probing := make(chan struct{})
	healthy := make(chan struct{})
	probe := func(string) {
		close(probing)
		<-healthy // the probe takes a while; meanwhile an update comes in
	}
	go tbl.Resolve("/api", "/", probe) // created
	<-probing
	go tbl.Set("/api", "api") // created
	// Wait (bounded) until the update is queued behind the resolver's read lock: new readers are then refused.
	for i := 0; i < 100000; i++ {
		if !tbl.mu.TryRLock() {
			break
		}
		tbl.mu.RUnlock()
		runtime.Gosched()
	}
	close(healthy)
	// Resolution is best effort in this test; it returns without waiting for it.
}
