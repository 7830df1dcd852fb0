// "Run with leak watch": runs a `package main` with the Go runtime's leak detector and the overlay sampler, shows it in
// the Handles view next to the debug sessions (counters, proven-leak stacks, growth alerts), sends its proven leaks to
// the static hints, and its output to an output channel. Stop (or closing the window) ends its process group.
import { dirname, basename } from 'node:path';
import * as vscode from 'vscode';
import type { RuntimeEvidenceStore } from '../debug/evidence-store';
import { notifyProven } from '../debug/growth-alerts';
import type { ExtraHandleSources } from '../debug/handles-view';
import { findHotspots } from '../debug/hotspots';
import { dueAlerts, type AlertsSent } from '../debug/leak-notice';
import { latestProvenLeaks } from '../debug/proven-leaks';
import type { SessionModel } from '../debug/render';
import { VIEW_FOCUS_COMMANDS } from '../commands';
import { WATCHING_CONTEXT } from '../leaktest/context-keys';
import { splitArgs } from './args';
import { WatchedProgram } from './watched-program';

interface Watch {
  id: string;
  name: string;
  file: string;
  program: WatchedProgram;
  alerted: AlertsSent;
}

const ARGS_KEY_PREFIX = 'leaklens.leakWatch.args:';

function modelOf(watch: Watch): SessionModel {
  const p = watch.program;
  const state = p.state === 'running' ? 'running · leak watch' : p.state;
  let notice = p.notice;
  if (!notice && p.state === 'building') notice = 'Building with GOEXPERIMENT=goroutineleakprofile…';
  if (!notice && p.state === 'running' && !p.leakProfile) notice = 'This Go has no goroutine leak profile (Go 1.26+): counts only.';
  return {
    id: watch.id,
    name: watch.name,
    type: 'leak watch',
    pid: p.pid,
    pidSource: p.pid !== undefined ? 'started by LeakLens' : undefined,
    state,
    notice,
    pprofUrl: p.pprofUrl,
    counters: p.counters,
    topStacks: p.samples.at(-1)?.goroutines?.groups ?? [],
    provenLeaks: latestProvenLeaks(p.samples),
  };
}

export class LeakWatches implements ExtraHandleSources, vscode.Disposable {
  private readonly watches = new Map<string, Watch>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly output = vscode.window.createOutputChannel('LeakLens: Leak Watch');
  private nextId = 1;

  constructor(
    private readonly state: vscode.Memento,
    private readonly evidence: RuntimeEvidenceStore,
  ) {}

  models(): SessionModel[] {
    return [...this.watches.values()].map(modelOf);
  }

  /** Asks for the arguments (the setting, or a prompt remembered per file) and starts the program. */
  async start(uri: vscode.Uri): Promise<void> {
    const args = await this.argumentsFor(uri);
    if (!args) return;
    // One watch per file: a new run replaces the previous one (stopped if it still runs) in the view.
    for (const w of [...this.watches.values()].filter((w) => w.file === uri.fsPath)) {
      w.program.stop();
      this.evidence.delete(w.id);
      this.watches.delete(w.id);
    }
    const id = `leakwatch-${this.nextId++}`;
    const name = `${basename(dirname(uri.fsPath))}/${basename(uri.fsPath)}${args.length ? ` ${args.join(' ')}` : ''}`;
    const config = vscode.workspace.getConfiguration('leaklens.debug', uri);
    this.output.show(true);
    this.output.appendLine(`[leak watch] ${name}: building with GOEXPERIMENT=goroutineleakprofile`);
    const watch: Watch = {
      id,
      name,
      file: uri.fsPath,
      alerted: new Set(),
      program: new WatchedProgram({
        packageDir: dirname(uri.fsPath),
        args,
        intervalMs: config.get<number>('sampleIntervalMs', 1000),
        onOutput: (text) => this.output.append(text),
        onChange: () => this.update(watch),
      }),
    };
    this.watches.set(id, watch);
    this.updateContext();
    this.changed.fire();
    void vscode.commands.executeCommand(VIEW_FOCUS_COMMANDS.handles);
    await watch.program.finished;
    this.output.appendLine(`[leak watch] ${name}: ${watch.program.notice ?? watch.program.state}`);
  }

  /** Stops every running watch; returns how many there were. */
  stopAll(): number {
    let stopped = 0;
    for (const w of this.watches.values()) {
      if (!w.program.running) continue;
      w.program.stop();
      stopped++;
    }
    return stopped;
  }

  dispose(): void {
    this.stopAll();
    for (const w of this.watches.values()) this.evidence.delete(w.id);
    this.watches.clear();
    this.changed.dispose();
    this.output.dispose();
  }

  private update(watch: Watch): void {
    const { program } = watch;
    if (!program.running) {
      this.evidence.delete(watch.id);
      this.updateContext();
    } else {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      this.evidence.set(watch.id, watch.name, findHotspots(latestProvenLeaks(program.samples), folders, 1), 'proven');
      const due = dueAlerts(watch.alerted, watch.name, program.counters);
      if (due.provenGoroutines !== undefined) void notifyProven(watch.name, due.provenGoroutines);
      if (due.possibleLeak !== undefined) void vscode.window.showWarningMessage(due.possibleLeak);
    }
    this.changed.fire();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', WATCHING_CONTEXT, [...this.watches.values()].some((w) => w.program.running));
  }

  private async argumentsFor(uri: vscode.Uri): Promise<string[] | undefined> {
    const fromSetting = vscode.workspace.getConfiguration('leaklens.leakWatch', uri).get<string[]>('args', []);
    if (fromSetting.length > 0) return fromSetting;
    const key = ARGS_KEY_PREFIX + uri.fsPath;
    const line = await vscode.window.showInputBox({
      title: `Run ${basename(uri.fsPath)} with leak watch`,
      prompt: 'Program arguments (remembered for this file; the setting leaklens.leakWatch.args wins when set)',
      value: this.state.get<string>(key, ''),
      validateInput: (text) => {
        try {
          splitArgs(text);
          return undefined;
        } catch (err) {
          return err instanceof Error ? err.message : String(err);
        }
      },
    });
    if (line === undefined) return undefined;
    await this.state.update(key, line);
    return splitArgs(line);
  }
}
