// Package errbuffertoosmall migrates database shards in parallel. The error channel has room for one error, but every
// shard can fail; the caller reads one, the other failing shards block on the full buffer, and so does the goroutine
// waiting for them all.
package errbuffertoosmall

import (
	"fmt"
	"sync"
)

// MigrateAll migrates every shard and returns the first error.
func MigrateAll(shards []string, migrate func(string) error) error {
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func() { // created
			defer wg.Done()
			if err := migrate(s); err != nil {
				errs <- fmt.Errorf("shard %s: %w", s, err) // leak: chan send
			}
		}()
	}
	done := make(chan struct{})
	go func() { // created
		wg.Wait() // leak: sync.WaitGroup.Wait
		close(done)
	}()
	select {
	case err := <-errs:
		return err
	case <-done:
		return nil
	}
}
