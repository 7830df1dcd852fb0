// Package oncerecursive lazily builds a client with sync.Once. The init function logs through a helper that itself
// asks for the client, re-entering Once.Do, which waits for the first Do to finish: the goroutine deadlocks on itself.
package oncerecursive

import "sync"

// Client is built once on first use.
type Client struct {
	once sync.Once
	name string
	logs []string
}

// Get builds the client on first use.
func (c *Client) Get() string {
	c.once.Do(c.init) // leak: sync.Mutex.Lock
	return c.name
}

func (c *Client) init() {
	c.name = "api-client"
	c.log("initialised")
}

func (c *Client) log(msg string) {
	c.logs = append(c.logs, c.Get()+": "+msg)
}

// Warm builds the client in the background so the first request is fast.
func (c *Client) Warm() {
	go func() { // created
		c.Get()
	}()
}
