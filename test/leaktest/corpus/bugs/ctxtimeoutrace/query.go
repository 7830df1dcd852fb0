// Package ctxtimeoutrace runs a query that honours its context and hands the answer back on an unbuffered channel.
// When the deadline passes, the query returns and sends at the same moment the caller gives up. Whether the send finds
// its receiver depends on the interleaving; in practice the caller nearly always leaves first.
package ctxtimeoutrace

import (
	"context"
	"time"
)

// Query waits for the backend or the context, whichever ends first.
func Query(ctx context.Context, backend <-chan string) (string, error) {
	select {
	case v := <-backend:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// Lookup runs Query with a deadline in a goroutine and returns what it got in time.
func Lookup(backend <-chan string, limit time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	type answer struct {
		v   string
		err error
	}
	answers := make(chan answer)
	go func() { // created
		v, err := Query(ctx, backend)
		answers <- answer{v, err} // leak: chan send
	}()
	select {
	case a := <-answers:
		return a.v, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
