// Package condbroadcast is a job queue guarded by a sync.Cond.
//
// clean: Close broadcasts after marking the queue closed, so every waiting worker wakes and sees it.
package condbroadcast

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
		q.cond.Wait()
	}
	if len(q.jobs) == 0 {
		return "", false
	}
	job, q.jobs = q.jobs[0], q.jobs[1:]
	return job, true
}

// Close stops the queue and wakes every waiting worker.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
