package logtailer

import (
	"strings"
	"testing"
)

func TestFirstMatchFindsError(t *testing.T) {
	log := "starting\nlistening on :8080\nERROR disk full\nretrying\nstopped\n"
	line, ok := FirstMatch(strings.NewReader(log), "ERROR")
	if !ok || line != "ERROR disk full" {
		t.Fatalf("got %q %v", line, ok)
	}
}
