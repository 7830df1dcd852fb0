package hedgedrequest

import (
	"math/rand/v2"
	"sync/atomic"
	"testing"
	"time"
)

func TestHedgedAnswers(t *testing.T) {
	var started, finished atomic.Int32
	replica := func(latency time.Duration) func() string {
		return func() string {
			started.Add(1)
			defer finished.Add(1)
			time.Sleep(latency)
			return "pong"
		}
	}
	// The primary is either fast or slower than the hedge delay, as a real replica under varying load is.
	primaryLatency := time.Duration(rand.IntN(2)) * 3 * time.Millisecond
	if got := Hedged(replica(primaryLatency), replica(0), time.Millisecond); got != "pong" {
		t.Fatalf("got %q", got)
	}
	// Wait (bounded) until every replica asked has answered, as a test with a fake server would before closing it.
	for i := 0; i < 1000 && finished.Load() < started.Load(); i++ {
		time.Sleep(time.Millisecond)
	}
}
