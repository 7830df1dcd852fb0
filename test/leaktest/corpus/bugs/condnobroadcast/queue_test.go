package condnobroadcast

import "testing"

func TestWorkerProcessesJobs(t *testing.T) {
	q := New()
	done := make(chan string, 8)
	go func() { // created
		for {
			job, ok := q.Pop()
			if !ok {
				return
			}
			done <- job
		}
	}()
	q.Push("build")
	if got := <-done; got != "build" {
		t.Fatalf("got %q", got)
	}
	q.Close()
}
