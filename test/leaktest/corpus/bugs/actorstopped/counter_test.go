package actorstopped

import "testing"

func TestIncrementAfterStop(t *testing.T) {
	c := Start()
	_ = c.Total()
	c.Stop()
	c.Increment(1)
}
