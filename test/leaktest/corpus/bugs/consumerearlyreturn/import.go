// Package consumerearlyreturn imports records read by a producer goroutine. The consumer returns on the first invalid
// record, and the producer, which has more records to hand over, blocks on its send forever.
package consumerearlyreturn

import (
	"errors"
	"strings"
)

// ErrInvalid is returned for a record without a key.
var ErrInvalid = errors.New("invalid record")

func produce(lines []string) <-chan string {
	out := make(chan string)
	go func() { // created
		for _, l := range lines {
			out <- strings.TrimSpace(l) // leak: chan send
		}
		close(out)
	}()
	return out
}

// Import stores each key=value record and stops at the first record without '='.
func Import(lines []string, store map[string]string) error {
	for rec := range produce(lines) {
		k, v, ok := strings.Cut(rec, "=")
		if !ok {
			return ErrInvalid
		}
		store[k] = v
	}
	return nil
}
