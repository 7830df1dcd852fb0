// Package daemonforever runs one audit writer for the life of the process, started by init and fed through a
// package-level channel. It waits for entries forever by design.
//
// clean: a process-lifetime daemon reachable from a package variable is not a leak.
package daemonforever

import "sync"

var (
	entries = make(chan string)
	mu      sync.Mutex
	written []string
)

func init() {
	go func() {
		for e := range entries {
			mu.Lock()
			written = append(written, e)
			mu.Unlock()
		}
	}()
}

// Record hands an entry to the writer.
func Record(e string) { entries <- e }

// Count returns how many entries were written.
func Count() int {
	mu.Lock()
	defer mu.Unlock()
	return len(written)
}
