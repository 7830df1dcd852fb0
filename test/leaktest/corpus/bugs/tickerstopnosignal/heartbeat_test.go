package tickerstopnosignal

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestHeartbeatBeats(t *testing.T) {
	var beats atomic.Int32
	h := Start(time.Millisecond, func() { beats.Add(1) })
	for i := 0; i < 1000 && beats.Load() == 0; i++ {
		time.Sleep(time.Millisecond)
	}
	h.Stop()
	if beats.Load() == 0 {
		t.Fatal("no heartbeat")
	}
}
