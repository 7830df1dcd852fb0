package lockreleasedbeforesend

import "testing"

func TestCacheRefresh(t *testing.T) {
	sizes := make(chan int, 1)
	c := New(func(n int) { sizes <- n })
	c.Refresh(func() []string { return []string{"a", "b"} })
	c.Close()
	if n := <-sizes; n != 2 {
		t.Fatalf("size %d", n)
	}
}
