// The runtime evidence of every running debug session: the workspace lines where its goroutines pile up (hotspots of
// its latest pprof sample). Shared by the language-client middleware (which appends it to LeakLens hints) and the
// session's own diagnostics (lines without a hint). Pure (no vscode), so it is unit-tested in Node.
import type { LineEvidence } from './evidence-merge';
import type { Hotspot } from './hotspots';

interface SessionEvidence {
  name: string;
  spots: Hotspot[];
}

/** Listeners hear the files (as the Go binary recorded them) whose evidence changed. */
export type EvidenceListener = (files: ReadonlySet<string>) => void;

function spotsKey(spots: readonly Hotspot[]): string {
  return spots.map((s) => `${s.file}:${s.line}:${s.goroutines}`).sort().join('\n');
}

export class RuntimeEvidenceStore {
  private readonly bySession = new Map<string, SessionEvidence>();
  private readonly listeners = new Set<EvidenceListener>();

  /** The session's latest hotspots; listeners hear of it only when they differ from the previous ones. */
  set(sessionId: string, sessionName: string, spots: readonly Hotspot[]): void {
    const previous = this.bySession.get(sessionId);
    if (spotsKey(previous?.spots ?? []) === spotsKey(spots)) return;
    if (spots.length === 0) this.bySession.delete(sessionId);
    else this.bySession.set(sessionId, { name: sessionName, spots: [...spots] });
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
    for (const { name, spots } of this.bySession.values()) {
      for (const spot of spots) {
        if (spot.file !== file) continue;
        const line = spot.line - 1;
        const entry = byLine.get(line) ?? { line, goroutines: 0, sessionNames: [] };
        entry.goroutines += spot.goroutines;
        if (!entry.sessionNames.includes(name)) entry.sessionNames.push(name);
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
