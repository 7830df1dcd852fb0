package condbroadcast

import "testing"

func TestWorkersStopOnClose(t *testing.T) {
	q := New()
	done := make(chan string, 8)
	for range 3 {
		go func() {
			for {
				job, ok := q.Pop()
				if !ok {
					return
				}
				done <- job
			}
		}()
	}
	q.Push("build")
	if got := <-done; got != "build" {
		t.Fatalf("got %q", got)
	}
	q.Close()
}
