// Every debug session, of every type: a DAP tracker ('*') feeds each session's DapObserver, start/terminate events
// create and dispose its TrackedSession. There is no VS Code API that lists sessions, hence this map.
import * as vscode from 'vscode';
import type { HandleSample } from '../../../shared/src/handles/types';
import { TrackedSession, type SessionHost } from './tracked-session';

export class SessionRegistry implements SessionHost, vscode.Disposable {
  private readonly sessions = new Map<string, TrackedSession>();
  private readonly disposables: vscode.Disposable[] = [];
  private isVisible = false;
  private readonly changeEmitter = new vscode.EventEmitter<TrackedSession | undefined>();
  private readonly sampleEmitter = new vscode.EventEmitter<{ session: TrackedSession; sample: HandleSample }>();
  private readonly endEmitter = new vscode.EventEmitter<TrackedSession>();
  /** A session's state, PID or counters changed (undefined: the set of sessions changed). */
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidSample = this.sampleEmitter.event;
  readonly onDidEnd = this.endEmitter.event;

  constructor() {
    this.disposables.push(
      this.changeEmitter,
      this.sampleEmitter,
      this.endEmitter,
      vscode.debug.registerDebugAdapterTrackerFactory('*', {
        createDebugAdapterTracker: (session) => {
          const tracked = this.track(session);
          return {
            onDidSendMessage: (message: unknown) => tracked.observer.fromAdapter(message),
            onExit: () => tracked.observer.end(),
          };
        },
      }),
      vscode.debug.onDidStartDebugSession((session) => this.track(session)),
      vscode.debug.onDidTerminateDebugSession((session) => this.end(session)),
    );
    for (const session of vscode.debug.activeDebugSession ? [vscode.debug.activeDebugSession] : []) this.track(session);
  }

  get visible(): boolean {
    return this.isVisible;
  }

  /** Sampling runs only while the Handles view is visible. */
  setVisible(visible: boolean): void {
    this.isVisible = visible;
    for (const tracked of this.sessions.values()) tracked.setVisible(visible);
  }

  get(sessionId: string): TrackedSession | undefined {
    return this.sessions.get(sessionId);
  }

  /** Sessions worth showing: js-debug's launcher parents are hidden once their child (the real process) is tracked. */
  shown(): TrackedSession[] {
    const parents = new Set([...this.sessions.values()].map((t) => t.session.parentSession?.id).filter((id) => id !== undefined));
    return [...this.sessions.values()].filter((t) => !(parents.has(t.session.id) && t.pid === undefined));
  }

  claimedPids(except: TrackedSession): Set<number> {
    return new Set([...this.sessions.values()].filter((t) => t !== except && t.pid !== undefined).map((t) => t.pid!));
  }

  changed(session: TrackedSession): void {
    this.changeEmitter.fire(session);
  }

  sampled(session: TrackedSession, sample: HandleSample): void {
    this.sampleEmitter.fire({ session, sample });
  }

  dispose(): void {
    for (const tracked of this.sessions.values()) tracked.dispose();
    this.sessions.clear();
    for (const d of this.disposables) d.dispose();
  }

  private track(session: vscode.DebugSession): TrackedSession {
    let tracked = this.sessions.get(session.id);
    if (!tracked) {
      tracked = new TrackedSession(session, this);
      this.sessions.set(session.id, tracked);
      this.changeEmitter.fire(undefined);
    }
    return tracked;
  }

  private end(session: vscode.DebugSession): void {
    const tracked = this.sessions.get(session.id);
    if (!tracked) return;
    this.sessions.delete(session.id);
    tracked.dispose();
    this.endEmitter.fire(tracked);
    this.changeEmitter.fire(undefined);
  }
}
