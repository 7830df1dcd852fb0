package notifyunreceived

import "testing"

func TestReloadAfterUnsubscribe(t *testing.T) {
	c := New()
	changes := c.Subscribe()
	c.Reload(map[string]string{"level": "debug"})
	<-changes
	c.Unsubscribe()
	c.Reload(map[string]string{"level": "info"})
	if c.values["level"] != "info" {
		t.Fatal("not reloaded")
	}
}
