package waitforself

import "testing"

func TestFatalJobStopsPool(t *testing.T) {
	p := Start(1)
	p.jobs <- func() bool { return true }
	<-p.Stopped()
}
