package selectwithdone

import "testing"

func TestForwarderAppliesUpdates(t *testing.T) {
	applied := 0
	f := Start(func(string) { applied++ })
	f.Update("timeout=5s")
	f.Update("retries=3")
	f.Stop()
	if applied != 2 {
		t.Fatalf("applied %d", applied)
	}
}
