// Package abandonedresult fetches a value with a deadline. When the deadline wins the select, nobody is left to receive
// the worker's result on the unbuffered channel, so the worker blocks on its send forever.
package abandonedresult

import (
	"errors"
	"time"
)

// ErrTimeout is returned when the backend does not answer in time.
var ErrTimeout = errors.New("fetch timed out")

// FetchWithTimeout calls backend in a goroutine and gives up after limit.
func FetchWithTimeout(backend func() string, limit time.Duration) (string, error) {
	result := make(chan string)
	go func() { // created
		value := backend()
		result <- value // leak: chan send
	}()
	select {
	case v := <-result:
		return v, nil
	case <-time.After(limit):
		return "", ErrTimeout
	}
}
