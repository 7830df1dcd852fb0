package ctxtimeoutrace

import (
	"testing"
	"time"
)

func TestLookupTimesOut(t *testing.T) {
	never := make(chan string)
	if _, err := Lookup(never, time.Millisecond); err == nil {
		t.Fatal("want a deadline error")
	}
}
