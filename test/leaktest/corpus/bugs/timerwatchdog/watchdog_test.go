package timerwatchdog

import (
	"testing"
	"time"
)

func TestRunStepsWithinLimit(t *testing.T) {
	step := func() { time.Sleep(2 * time.Millisecond) }
	// Each step takes 2ms, well within the 3ms limit, so the watchdogs of the earlier steps fire while later steps run.
	if n := RunSteps([]func(){step, step, step, step}, 3*time.Millisecond); n != 0 {
		t.Fatalf("%d overruns", n)
	}
}
