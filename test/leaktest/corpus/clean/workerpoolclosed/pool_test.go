package workerpoolclosed

import "testing"

func TestRunSumsSquares(t *testing.T) {
	if got := Run([]int{1, 2, 3, 4}, 3); got != 30 {
		t.Fatalf("got %d, want 30", got)
	}
}
