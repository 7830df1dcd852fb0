// The runtime evidence of every running debug session (the workspace lines where its goroutines pile up: hotspots of
// its latest pprof sample) and of the latest leak-checked test run (lines where the Go runtime proved goroutines
// leaked). Shared by the language-client middleware (which appends it to LeakLens hints) and the sessions' own
// diagnostics (lines without a hint). Pure (no vscode), so it is unit-tested in Node.
import type { LineEvidence } from './evidence-merge';
import type { Hotspot } from './hotspots';

/** `seen`: goroutines blocked there now (a debug session); `proven`: leaked for good (the Go runtime's leak profile). */
export type EvidenceKind = 'seen' | 'proven';

interface SessionEvidence {
  name: string;
  spots: Hotspot[];
  kind: EvidenceKind;
}

/** Listeners hear the files (as the Go binary recorded them) whose evidence changed. */
export type EvidenceListener = (files: ReadonlySet<string>) => void;

function spotsKey(spots: readonly Hotspot[]): string {
  return spots.map((s) => `${s.file}:${s.line}:${s.goroutines}`).sort().join('\n');
}

export class RuntimeEvidenceStore {
  private readonly bySession = new Map<string, SessionEvidence>();
  private readonly listeners = new Set<EvidenceListener>();

  /** The session's (or run's) latest hotspots; listeners hear of it only when they differ from the previous ones. */
  set(sessionId: string, sessionName: string, spots: readonly Hotspot[], kind: EvidenceKind = 'seen'): void {
    const previous = this.bySession.get(sessionId);
    if (previous?.kind === kind && spotsKey(previous.spots) === spotsKey(spots)) return;
    if (!previous && spots.length === 0) return;
    if (spots.length === 0) this.bySession.delete(sessionId);
    else this.bySession.set(sessionId, { name: sessionName, spots: [...spots], kind });
    this.fire([...(previous?.spots ?? []), ...spots]);
  }

  /** The session ended: its evidence goes. */
  delete(sessionId: string): void {
    const previous = this.bySession.get(sessionId);
    if (!previous) return;
    this.bySession.delete(sessionId);
    this.fire(previous.spots);
  }

  /** Evidence at the lines of one file, summed over sessions; empty when there is none. */
  forFile(file: string): LineEvidence[] {
    const byLine = new Map<number, LineEvidence>();
    for (const { name, spots, kind } of this.bySession.values()) {
      for (const spot of spots) {
        if (spot.file !== file) continue;
        const line = spot.line - 1;
        const entry = byLine.get(line) ?? { line, goroutines: 0, sessionNames: [] };
        if (kind === 'proven') {
          entry.provenLeaks = (entry.provenLeaks ?? 0) + spot.goroutines;
        } else {
          entry.goroutines += spot.goroutines;
          if (!entry.sessionNames.includes(name)) entry.sessionNames.push(name);
        }
        byLine.set(line, entry);
      }
    }
    return [...byLine.values()].sort((a, b) => a.line - b.line);
  }

  /** Every file with evidence now. */
  files(): Set<string> {
    return new Set([...this.bySession.values()].flatMap(({ spots }) => spots.map((s) => s.file)));
  }

  onDidChange(listener: EvidenceListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(spots: readonly Hotspot[]): void {
    const files = new Set(spots.map((s) => s.file));
    for (const listener of [...this.listeners]) listener(files);
  }
}
