// Package waitforself runs jobs on workers counted by a WaitGroup. A worker that hits a fatal job shuts the pool down
// itself, and Shutdown waits for all workers, including the one calling it, whose Done can only run after Wait returns.
package waitforself

import "sync"

// Pool runs jobs until one of them is fatal.
type Pool struct {
	jobs    chan func() bool
	workers sync.WaitGroup
	once    sync.Once
	stopped chan struct{}
}

// Start launches n workers.
func Start(n int) *Pool {
	p := &Pool{jobs: make(chan func() bool), stopped: make(chan struct{})}
	for range n {
		p.workers.Add(1)
		go p.work() // created
	}
	return p
}

func (p *Pool) work() {
	defer p.workers.Done()
	for job := range p.jobs {
		if fatal := job(); fatal {
			p.Shutdown()
			return
		}
	}
}

// Shutdown stops accepting jobs and waits for every worker to finish.
func (p *Pool) Shutdown() {
	p.once.Do(func() {
		close(p.jobs)
		close(p.stopped)
		p.workers.Wait() // leak: sync.WaitGroup.Wait
	})
}

// Stopped is closed when shutdown begins.
func (p *Pool) Stopped() <-chan struct{} { return p.stopped }
