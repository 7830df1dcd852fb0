// Package leakcheck has a leak the Go runtime can prove: when the timeout wins, nobody ever receives the answer.
package leakcheck

import (
	"errors"
	"time"
)

func slowAnswer() int {
	time.Sleep(20 * time.Millisecond)
	return 42
}

// FetchWithTimeout gives up after d; the goroutine that still holds the answer then blocks forever on its send.
func FetchWithTimeout(d time.Duration) (int, error) {
	answers := make(chan int)
	go func() {
		answers <- slowAnswer()
	}()
	select {
	case v := <-answers:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}
