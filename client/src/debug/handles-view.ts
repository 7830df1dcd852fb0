// The "LeakLens: Handles" webview view in the Run and Debug side bar. Its visibility switches sampling on and off.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { openSourceLine } from './open-location';
import { isGo } from './pid-resolver';
import { renderSessions, stateLabel, type SessionModel } from './render';
import type { SessionRegistry } from './session-registry';
import type { TrackedSession } from './tracked-session';
import { webviewHtml } from './webview-html';
import { parseViewMessage, type HostMessage } from './webview-messages';

export const HANDLES_VIEW_ID = 'leaklens.handles';
/** Updates arrive per sample and per DAP state change; coalesce bursts into one repaint. */
const RENDER_DELAY_MS = 50;

function noticeOf(t: TrackedSession): string | undefined {
  if (t.notice) return t.notice;
  if (t.state === 'exited') return 'The session has ended.';
  if (t.pid === undefined) return 'Looking for the debuggee process… (LeakLens: Set Debuggee PID… sets it by hand.)';
  if (t.state === 'stopped') return 'Paused: counts are not sampled while the program is paused (LeakLens never pauses it for a sample).';
  if (t.pprofError) return `No goroutine counts: ${t.pprofError}`;
  if (isGo(t.session) && t.samples.length > 0 && !t.samples.some((s) => s.goroutines)) {
    return 'No goroutine counts: serve net/http/pprof on loopback (import _ "net/http/pprof") or set "leaklens.pprof" in the launch configuration.';
  }
  return undefined;
}

export function sessionModel(t: TrackedSession): SessionModel {
  return {
    id: t.session.id,
    name: t.session.name,
    type: t.session.type,
    pid: t.pid,
    pidSource: t.pidSource,
    state: stateLabel(t.state, t.sampling),
    notice: noticeOf(t),
    pprofUrl: t.pprofUrl,
    counters: t.counters,
    topStacks: t.latestStacks(),
  };
}

export class HandlesViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private renderTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly registry: SessionRegistry) {
    this.subscriptions = [registry.onDidChange(() => this.scheduleRender()), registry.onDidSample(() => this.scheduleRender())];
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [] };
    view.webview.html = webviewHtml(randomBytes(16).toString('base64'), view.webview.cspSource);
    this.registry.setVisible(view.visible);
    view.onDidChangeVisibility(() => {
      this.registry.setVisible(view.visible);
      this.scheduleRender();
    });
    view.onDidDispose(() => {
      this.view = undefined;
      this.registry.setVisible(false);
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseViewMessage(raw);
      if (message?.action === 'ready') this.render();
      else if (message?.action === 'openStack') void openSourceLine(message.file, message.line);
    });
  }

  dispose(): void {
    clearTimeout(this.renderTimer);
    for (const s of this.subscriptions) s.dispose();
  }

  private scheduleRender(): void {
    if (this.renderTimer || !this.view?.visible) return;
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      this.render();
    }, RENDER_DELAY_MS);
  }

  private render(): void {
    if (!this.view?.visible) return;
    const message: HostMessage = { type: 'render', html: renderSessions(this.registry.shown().map(sessionModel)) };
    void this.view.webview.postMessage(message);
  }
}
