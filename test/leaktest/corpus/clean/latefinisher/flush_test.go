package latefinisher

import (
	"testing"
	"time"
)

func TestFlushDeliversTheSum(t *testing.T) {
	delivered := make(chan int, 1)
	Flush([]int{1, 2, 3}, 0, func(sum int) { delivered <- sum })
	if got := <-delivered; got != 6 {
		t.Fatalf("delivered %d", got)
	}
}

func TestFlushReturnsBeforeDelivery(t *testing.T) {
	// The caller does not wait: when this test returns, the flusher is still sleeping and the collector still waiting
	// on it; both end about 30ms later.
	Flush([]int{4, 5}, 30*time.Millisecond, func(int) {})
}
