package checkthenact

import "testing"

func TestTakeThree(t *testing.T) {
	s := Start()
	if got := s.Take(3); len(got) != 3 || got[2] != 2 {
		t.Fatalf("got %v", got)
	}
}
