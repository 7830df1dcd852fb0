package timerwatchdog

import (
	"sync/atomic"
	"testing"
	"time"
)

func TestRunStepsRunsEveryStep(t *testing.T) {
	var ran atomic.Int32
	steps := make([]func(), 20)
	for i := range steps {
		steps[i] = func() {
			time.Sleep(time.Millisecond)
			ran.Add(1)
		}
	}
	// Steps take about 1ms and the limit is 5ms: the watchdogs of the first steps fire while later steps still run.
	overruns := RunSteps(steps, 5*time.Millisecond)
	t.Logf("%d overruns", overruns)
	// A step that overran may still be finishing: wait for it (bounded) before counting.
	for i := 0; i < 1000 && ran.Load() < 20; i++ {
		time.Sleep(time.Millisecond)
	}
	if ran.Load() != 20 {
		t.Fatalf("ran %d of 20 steps", ran.Load())
	}
}
