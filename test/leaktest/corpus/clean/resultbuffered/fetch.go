// Package resultbuffered fetches a value with a deadline. The result channel has room for the one answer, so a worker
// that answers after the caller gave up still completes its send and ends.
//
// clean: the buffered send never blocks.
package resultbuffered

import (
	"errors"
	"time"
)

// ErrTimeout is returned when the backend does not answer in time.
var ErrTimeout = errors.New("fetch timed out")

// FetchWithTimeout calls backend in a goroutine and gives up after limit.
func FetchWithTimeout(backend func() string, limit time.Duration) (string, error) {
	result := make(chan string, 1)
	go func() { result <- backend() }()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(limit):
		return "", ErrTimeout
	}
}
