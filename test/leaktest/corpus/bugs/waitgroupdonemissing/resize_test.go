package waitgroupdonemissing

import "testing"

func TestResizeAllReportsInBackground(t *testing.T) {
	called := make(chan int, 1)
	ResizeAll([][]byte{{1, 2}, {}, {3}}, func(n int) { called <- n })
	select {
	case n := <-called:
		t.Fatalf("done was called with %d although one image failed to decode", n)
	default:
		// The report arrives later in production; the test only checks that starting does not block.
	}
}
