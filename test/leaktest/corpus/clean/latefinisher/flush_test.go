package latefinisher

import (
	"testing"
	"time"
)

func TestFlushDoesNotBlockTheCaller(t *testing.T) {
	start := time.Now()
	Flush([]int{1, 2, 3}, 30*time.Millisecond, func(int) {})
	if time.Since(start) > 20*time.Millisecond {
		t.Fatal("Flush waited for the delay")
	}
}
