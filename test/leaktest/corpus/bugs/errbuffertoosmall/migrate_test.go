package errbuffertoosmall

import (
	"errors"
	"testing"
)

func TestMigrateAllReportsFailure(t *testing.T) {
	locked := errors.New("table locked")
	err := MigrateAll([]string{"eu", "us", "ap", "sa"}, func(string) error { return locked })
	if !errors.Is(err, locked) {
		t.Fatalf("got %v", err)
	}
}
