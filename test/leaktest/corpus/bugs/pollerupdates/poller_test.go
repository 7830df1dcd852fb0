package pollerupdates

import (
	"sync/atomic"
	"testing"
)

func TestWaitReady(t *testing.T) {
	var calls atomic.Int32
	status := func() string {
		if calls.Add(1) >= 3 {
			return "ready"
		}
		return "rolling"
	}
	if !WaitReady(status) {
		t.Fatal("never ready")
	}
}
