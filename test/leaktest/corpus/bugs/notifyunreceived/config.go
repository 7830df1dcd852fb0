// Package notifyunreceived reloads a configuration file and notifies a subscriber on an unbuffered channel. A
// subscriber that already unsubscribed never receives, so the goroutine delivering the notification blocks forever.
package notifyunreceived

import "sync"

// Config holds settings and one change subscriber.
type Config struct {
	mu       sync.Mutex
	values   map[string]string
	changed  chan struct{}
	watching bool
}

// New returns an empty configuration.
func New() *Config { return &Config{values: map[string]string{}} }

// Subscribe returns a channel that receives a value after each reload.
func (c *Config) Subscribe() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.changed = make(chan struct{})
	c.watching = true
	return c.changed
}

// Unsubscribe stops watching; the channel stays set, so later reloads still try to deliver on it.
func (c *Config) Unsubscribe() {
	c.mu.Lock()
	c.watching = false
	c.mu.Unlock()
}

// Reload replaces the values and notifies the subscriber without blocking the caller.
func (c *Config) Reload(values map[string]string) {
	c.mu.Lock()
	c.values = values
	ch := c.changed
	c.mu.Unlock()
	if ch != nil {
		go func() { // created
			ch <- struct{}{} // leak: chan send
		}()
	}
}
