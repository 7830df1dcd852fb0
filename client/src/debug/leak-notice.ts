// The one "possible leak" notification of a debug session: it names every counter marked so far. Counters marked
// later only update the Handles view (a toast per counter was three toasts at once). Pure: unit-tested.
import { formatRate, PROVEN_LEAKS_COUNTER, type CounterState } from './counters';

/** Once per session: the text of its notification, or undefined while no counter is marked. */
export function possibleLeakMessage(sessionName: string, counters: readonly CounterState[]): string | undefined {
  const growing = counters.filter((c) => c.possibleLeak);
  if (growing.length === 0) return undefined;
  const named = growing.map((c) => `${c.label} (${formatRate(c.slopePerMinute, c.unit)})`);
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
  return `LeakLens: possible leak in "${sessionName}": ${list} keep${growing.length === 1 ? 's' : ''} growing.`;
}

/** What a session (or leak-watched program) has already been told: a proven leak and the possible-leak message, once each. */
export type AlertsSent = Set<'proven' | 'growth'>;

/**
 * The notifications due now: a proven leak (the runtime's goroutineleak count above zero, told once with its count) and
 * the possible-leak message of the other counters (told once). Marks what it returns as sent.
 */
export function dueAlerts(sent: AlertsSent, name: string, counters: readonly CounterState[]): { provenGoroutines?: number; possibleLeak?: string } {
  const due: { provenGoroutines?: number; possibleLeak?: string } = {};
  const proven = counters.find((c) => c.id === PROVEN_LEAKS_COUNTER && c.possibleLeak);
  if (proven && !sent.has('proven')) {
    sent.add('proven');
    due.provenGoroutines = proven.current;
  }
  const message = sent.has('growth') ? undefined : possibleLeakMessage(name, counters.filter((c) => c.id !== PROVEN_LEAKS_COUNTER));
  if (message !== undefined) {
    sent.add('growth');
    due.possibleLeak = message;
  }
  return due;
}

export function provenLeakMessage(name: string, goroutines: number): string {
  return `LeakLens: leak in "${name}" proven by the Go runtime: ${goroutines} goroutine${goroutines === 1 ? '' : 's'} blocked forever.`;
}
