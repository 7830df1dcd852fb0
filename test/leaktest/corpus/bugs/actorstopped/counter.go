// Package actorstopped serialises updates through an actor goroutine. After Stop the actor no longer receives, but
// Increment still sends its request from a background goroutine, which blocks forever.
package actorstopped

// Counter is owned by one actor goroutine.
type Counter struct {
	requests chan int
	stop     chan struct{}
	total    chan int
}

// Start runs the actor.
func Start() *Counter {
	c := &Counter{requests: make(chan int), stop: make(chan struct{}), total: make(chan int)}
	go func() {
		n := 0
		for {
			select {
			case d := <-c.requests:
				n += d
			case c.total <- n:
			case <-c.stop:
				return
			}
		}
	}()
	return c
}

// Increment adds d without waiting for the actor.
func (c *Counter) Increment(d int) {
	go func() { // created
		c.requests <- d // leak: chan send
	}()
}

// Total returns the current count.
func (c *Counter) Total() int { return <-c.total }

// Stop ends the actor.
func (c *Counter) Stop() { close(c.stop) }
