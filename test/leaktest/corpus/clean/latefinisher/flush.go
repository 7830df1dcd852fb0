// Package latefinisher flushes metrics in the background after a short delay and delivers the flushed batch to a
// collector goroutine. When the test returns, both goroutines are still alive: the flusher sleeping, the collector
// waiting on a channel the sleeping flusher still holds. A moment later both end.
//
// clean: goroutines that finish a little after the test returns are not leaks.
package latefinisher

import "time"

// Flush sends batch to deliver after delay, without making the caller wait.
func Flush(batch []int, delay time.Duration, deliver func(sum int)) {
	sums := make(chan int)
	go func() {
		total := 0
		for _, v := range batch {
			total += v
		}
		time.Sleep(delay)
		sums <- total
	}()
	go func() {
		deliver(<-sums)
	}()
}
