// Package mutexchancycle refreshes a cache while holding its lock and waits, still holding it, for the watcher to
// acknowledge the refresh. The watcher needs the same lock before it acknowledges: a lock and channel cycle.
package mutexchancycle

import "sync"

// Cache holds a loaded snapshot and tells a watcher about refreshes.
type Cache struct {
	mu         sync.Mutex
	data       []string
	refreshing chan struct{}
	ack        chan struct{}
}

// New starts the watcher that logs the size of each refreshed snapshot.
func New(logSize func(int)) *Cache {
	c := &Cache{refreshing: make(chan struct{}), ack: make(chan struct{})}
	go c.watch(logSize) // created
	return c
}

// Refresh replaces the snapshot.
func (c *Cache) Refresh(load func() []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.refreshing <- struct{}{}
	c.data = load()
	<-c.ack // leak: chan receive
}

func (c *Cache) watch(logSize func(int)) {
	for range c.refreshing {
		c.mu.Lock() // leak: sync.Mutex.Lock
		n := len(c.data)
		c.mu.Unlock()
		logSize(n)
		c.ack <- struct{}{}
	}
}
