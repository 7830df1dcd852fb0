package daemonforever

import (
	"testing"
	"time"
)

func TestRecordReachesWriter(t *testing.T) {
	before := Count()
	Record("login alice")
	for i := 0; i < 1000 && Count() == before; i++ {
		time.Sleep(time.Millisecond)
	}
	if Count() != before+1 {
		t.Fatal("entry not written")
	}
}
