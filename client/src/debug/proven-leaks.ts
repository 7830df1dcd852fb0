// The Handles view's proven leaks: goroutines the Go runtime itself proved leaked (Go 1.26's goroutineleak profile,
// served by a program built with GOEXPERIMENT=goroutineleakprofile). Their count over time is the "Proven leaks"
// counter row; their grouped stacks are listed below it, each linked to its source line. Pure.
import type { HandleSample, StackGroup } from '../../../shared/src/handles/types';

/** The leak stacks of the latest sample that read the leak profile. */
export function latestProvenLeaks(samples: readonly HandleSample[]): StackGroup[] {
  for (let i = samples.length - 1; i >= 0; i--) {
    const groups = samples[i].goroutines?.leakedGroups;
    if (groups) return groups;
  }
  return [];
}

export function provenLeaksTitle(groups: readonly StackGroup[]): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  return `Proven leaks: ${total} goroutine${total === 1 ? '' : 's'} blocked forever (Go runtime)`;
}
