// Package consumercancels imports records read by a producer goroutine and stops at the first invalid record.
//
// clean: the consumer closes a done channel when it returns, and the producer's send selects on it.
package consumercancels

import (
	"errors"
	"strings"
)

// ErrInvalid is returned for a record without a key.
var ErrInvalid = errors.New("invalid record")

func produce(lines []string, done <-chan struct{}) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, l := range lines {
			select {
			case out <- strings.TrimSpace(l):
			case <-done:
				return
			}
		}
	}()
	return out
}

// Import stores each key=value record and stops at the first record without '='.
func Import(lines []string, store map[string]string) error {
	done := make(chan struct{})
	defer close(done)
	for rec := range produce(lines, done) {
		k, v, ok := strings.Cut(rec, "=")
		if !ok {
			return ErrInvalid
		}
		store[k] = v
	}
	return nil
}
