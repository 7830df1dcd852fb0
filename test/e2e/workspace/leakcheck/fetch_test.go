package leakcheck

import (
	"testing"
	"time"
)

func TestFetchTimesOut(t *testing.T) {
	if _, err := FetchWithTimeout(time.Millisecond); err == nil {
		t.Fatal("expected a timeout")
	}
	time.Sleep(100 * time.Millisecond) // the rest of the test's work; the abandoned sender is blocked by now
}

func TestFetchAnswers(t *testing.T) {
	if v, err := FetchWithTimeout(time.Second); err != nil || v != 42 {
		t.Fatalf("got %d, %v", v, err)
	}
}
