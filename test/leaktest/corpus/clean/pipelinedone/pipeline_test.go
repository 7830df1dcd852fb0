package pipelinedone

import "testing"

func TestHeadTakesFirstNumbers(t *testing.T) {
	got := Head([]string{"1", "x", "2", "3", "4", "5", "6"}, 2)
	if len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("got %v", got)
	}
}
