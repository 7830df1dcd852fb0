package recursivelock

import "testing"

func TestReportInBackground(t *testing.T) {
	s := New()
	s.Hit("/health")
	s.Hit("/api")
	s.Report(func(map[string]int, int) {})
}
