package selectnodone

import "testing"

func TestForwarderAppliesUpdates(t *testing.T) {
	f := Start(func(string) {})
	f.Update("timeout=5s")
	f.Update("retries=3")
	if got := f.Applied(); len(got) != 2 {
		t.Fatalf("applied %v", got)
	}
	// The test drops f here: nothing can stop the loop.
}
