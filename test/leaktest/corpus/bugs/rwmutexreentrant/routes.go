// Package rwmutexreentrant reads a route table under a read lock and, through a helper, takes the read lock again. A
// writer that queues between the two read locks blocks the second one, and the writer waits for the first: deadlock.
package rwmutexreentrant

import "sync"

// Table maps paths to backends.
type Table struct {
	mu     sync.RWMutex
	routes map[string]string
}

// New returns a table with routes.
func New(routes map[string]string) *Table { return &Table{routes: routes} }

func (t *Table) lookup(path string) string {
	t.mu.RLock() // leak: sync.RWMutex.RLock
	defer t.mu.RUnlock()
	return t.routes[path]
}

// Resolve returns the backend of path, or of its fallback when path is unknown (after probing the fallback's health).
func (t *Table) Resolve(path, fallback string, probe func(string)) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if b, ok := t.routes[path]; ok {
		return b
	}
	probe(fallback)
	return t.lookup(fallback)
}

// Set replaces one route.
func (t *Table) Set(path, backend string) {
	t.mu.Lock() // leak: sync.RWMutex.Lock
	t.routes[path] = backend
	t.mu.Unlock()
}
