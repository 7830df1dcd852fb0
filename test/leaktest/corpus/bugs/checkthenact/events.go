// Package checkthenact streams events until the subscriber says stop. The producer checks the stop flag and then
// sends, but the subscriber sets the flag and leaves between the check and the send. The leak depends on the
// interleaving; in practice the producer is nearly always already waiting in its next send.
package checkthenact

import "sync/atomic"

// Stream produces numbered events until stopped.
type Stream struct {
	events  chan int
	stopped atomic.Bool
}

// Start begins producing.
func Start() *Stream {
	s := &Stream{events: make(chan int)}
	go func() { // created
		for i := 0; ; i++ {
			if s.stopped.Load() {
				close(s.events)
				return
			}
			s.events <- i // leak: chan send
		}
	}()
	return s
}

// Take receives n events, then tells the producer to stop and returns without draining.
func (s *Stream) Take(n int) []int {
	got := make([]int, 0, n)
	for range n {
		got = append(got, <-s.events)
	}
	s.stopped.Store(true)
	return got
}
