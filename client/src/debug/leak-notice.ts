// The one "possible leak" notification of a debug session: it names every counter marked so far. Counters marked
// later only update the Handles view (a toast per counter was three toasts at once). Pure: unit-tested.
import { formatRate, type CounterState } from './counters';

/** Once per session: the text of its notification, or undefined while no counter is marked. */
export function possibleLeakMessage(sessionName: string, counters: readonly CounterState[]): string | undefined {
  const growing = counters.filter((c) => c.possibleLeak);
  if (growing.length === 0) return undefined;
  const named = growing.map((c) => `${c.label} (${formatRate(c.slopePerMinute, c.unit)})`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  return `LeakLens: possible leak in "${sessionName}": ${list} keep${growing.length === 1 ? 's' : ''} growing.`;
}
