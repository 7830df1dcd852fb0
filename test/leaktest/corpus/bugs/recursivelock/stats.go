// Package recursivelock keeps request statistics. Snapshot holds the lock and calls Total, which takes the same
// (non-reentrant) lock again, so the reporting goroutine deadlocks on itself.
package recursivelock

import "sync"

// Stats counts requests per route.
type Stats struct {
	mu     sync.Mutex
	routes map[string]int
}

// New returns empty statistics.
func New() *Stats { return &Stats{routes: map[string]int{}} }

// Hit counts one request.
func (s *Stats) Hit(route string) {
	s.mu.Lock()
	s.routes[route]++
	s.mu.Unlock()
}

// Total returns the number of requests.
func (s *Stats) Total() int {
	s.mu.Lock() // leak: sync.Mutex.Lock
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.routes {
		n += c
	}
	return n
}

// Snapshot copies the counts and the total.
func (s *Stats) Snapshot() (map[string]int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.routes))
	for r, c := range s.routes {
		out[r] = c
	}
	return out, s.Total()
}

// Report sends a snapshot to publish in the background.
func (s *Stats) Report(publish func(map[string]int, int)) {
	go func() { // created
		publish(s.Snapshot())
	}()
}
