package nilchannel

import "testing"

func TestNewWatcherStartsIdle(t *testing.T) {
	w := NewWatcher(func(Event) {})
	if w.Pending() != 0 {
		t.Fatal("events pending at start")
	}
}
