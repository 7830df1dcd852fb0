// Package lockreleasedbeforesend refreshes a cache and waits for the watcher to acknowledge the refresh.
//
// clean: Refresh releases the lock before it talks to the watcher, so the watcher can take it.
package lockreleasedbeforesend

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
	go c.watch(logSize)
	return c
}

// Refresh replaces the snapshot, then announces it.
func (c *Cache) Refresh(load func() []string) {
	data := load()
	c.mu.Lock()
	c.data = data
	c.mu.Unlock()
	c.refreshing <- struct{}{}
	<-c.ack
}

// Close ends the watcher.
func (c *Cache) Close() { close(c.refreshing) }

func (c *Cache) watch(logSize func(int)) {
	for range c.refreshing {
		c.mu.Lock()
		n := len(c.data)
		c.mu.Unlock()
		logSize(n)
		c.ack <- struct{}{}
	}
}
