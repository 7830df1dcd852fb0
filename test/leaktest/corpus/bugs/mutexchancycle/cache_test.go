package mutexchancycle

import "testing"

func TestCacheRefreshInBackground(t *testing.T) {
	c := New(func(int) {})
	go c.Refresh(func() []string { return []string{"a", "b"} }) // created
	// The refresh runs in the background; the test only checks that starting it does not block the caller.
}
