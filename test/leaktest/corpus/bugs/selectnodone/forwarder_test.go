package selectnodone

import "testing"

func TestForwarderAppliesUpdates(t *testing.T) {
	var applied []string
	f := Start(func(u string) { applied = append(applied, u) })
	f.Update("timeout=5s")
	f.Update("retries=3")
	// The test drops f here: nothing can stop the loop.
}
