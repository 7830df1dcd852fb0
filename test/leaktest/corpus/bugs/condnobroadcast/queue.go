// Package condnobroadcast is a job queue guarded by a sync.Cond. Close marks the queue closed but forgets to
// Broadcast, so a worker already waiting for a job never wakes to notice.
package condnobroadcast

import "sync"

// Queue hands jobs to workers.
type Queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	jobs   []string
	closed bool
}

// New returns an empty open queue.
func New() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

// Push adds a job and wakes one worker.
func (q *Queue) Push(job string) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	q.mu.Unlock()
	q.cond.Signal()
}

// Pop waits for a job; ok is false once the queue is closed and empty.
func (q *Queue) Pop() (job string, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.jobs) == 0 && !q.closed {
		q.cond.Wait() // leak: sync.Cond.Wait
	}
	if len(q.jobs) == 0 {
		return "", false
	}
	job, q.jobs = q.jobs[0], q.jobs[1:]
	return job, true
}

// Close stops the queue without waking the waiting workers.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
}
