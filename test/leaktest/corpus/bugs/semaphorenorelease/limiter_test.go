package semaphorenorelease

import (
	"errors"
	"testing"
)

func TestDownloadReportsMissingFile(t *testing.T) {
	l := NewLimiter(1)
	fetch := func(name string) error {
		if name == "missing.bin" {
			return ErrNotFound
		}
		return nil
	}
	outcome := make(chan error, 2)
	l.Download("missing.bin", fetch, func(err error) { outcome <- err })
	if err := <-outcome; !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v", err)
	}
	// The second download is queued in the background; the test does not wait for it.
	l.Download("present.bin", fetch, func(err error) { outcome <- err })
}
