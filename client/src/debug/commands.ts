// Palette commands of the Handles view: Set Debuggee PID…, Export Samples, Show Top Goroutine Stacks.
import * as vscode from 'vscode';
import { COMMANDS } from '../commands';
import { showError } from '../output';
import { samplesToCsv, samplesToJson } from './export-format';
import { openSourceLine } from './open-location';
import type { SessionRegistry } from './session-registry';
import type { TrackedSession } from './tracked-session';

/** Why "Show Top Goroutine Stacks" has nothing to show: where they come from and how to get them. */
export const NO_STACKS_MESSAGE =
  'LeakLens: goroutine stacks come from a Go debug session whose program serves net/http/pprof on loopback. ' +
  'Add import _ "net/http/pprof" and go http.ListenAndServe("127.0.0.1:6060", nil) to the program, ' +
  'or set "leaklens.pprof" in its launch configuration (or the leaklens.debug.pprofUrl setting).';

/** The session a command is about: the one passed in (from a notification), the only one, or the one the user picks. */
async function pickSession(
  registry: SessionRegistry,
  arg: unknown,
  purpose: string,
  filter: (t: TrackedSession) => boolean = () => true,
  noneMessage = `LeakLens: no debug session to ${purpose}.`,
): Promise<TrackedSession | undefined> {
  if (typeof arg === 'string') {
    const tracked = registry.get(arg);
    if (tracked) return tracked;
  }
  const candidates = registry.shown().filter(filter);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(noneMessage);
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((t) => ({ label: t.session.name, description: `${t.session.type}${t.pid ? ` · PID ${t.pid}` : ''}`, tracked: t })),
    { placeHolder: `Debug session to ${purpose}` },
  );
  return picked?.tracked;
}

async function setPid(registry: SessionRegistry, arg: unknown): Promise<void> {
  const tracked = await pickSession(registry, arg, 'set the debuggee PID of');
  if (!tracked) return;
  const answer = await vscode.window.showInputBox({
    title: `Debuggee PID of "${tracked.session.name}"`,
    value: tracked.pid ? String(tracked.pid) : '',
    validateInput: (text) => (/^\s*\d+\s*$/.test(text) && Number(text) > 0 ? undefined : 'A process id: a positive whole number'),
  });
  if (answer === undefined) return;
  try {
    await tracked.overridePid(Number(answer));
  } catch (err) {
    void showError(`LeakLens: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function exportSamples(registry: SessionRegistry, arg: unknown): Promise<void> {
  const tracked = await pickSession(registry, arg, 'export samples of', (t) => t.samples.length > 0);
  if (!tracked) return;
  const folder = tracked.session.workspaceFolder?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const safeName = tracked.session.name.replace(/[^\w.-]+/g, '-');
  const target = await vscode.window.showSaveDialog({
    title: 'Export handle samples',
    defaultUri: folder ? vscode.Uri.joinPath(folder, `leaklens-${safeName}.csv`) : undefined,
    filters: { CSV: ['csv'], JSON: ['json'] },
  });
  if (!target) return;
  const samples = [...tracked.samples];
  const text = target.path.toLowerCase().endsWith('.json') ? samplesToJson(samples) : samplesToCsv(samples);
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  void vscode.window.showInformationMessage(`LeakLens: exported ${samples.length} samples to ${target.fsPath}.`);
}

async function showTopStacks(registry: SessionRegistry, arg: unknown): Promise<void> {
  const tracked = await pickSession(registry, arg, 'show goroutine stacks of', (t) => t.latestStacks().length > 0, NO_STACKS_MESSAGE);
  if (!tracked) return;
  const groups = tracked.latestStacks();
  const picked = await vscode.window.showQuickPick(
    groups.slice(0, 50).map((g) => ({
      label: `${g.count} × ${g.function}`,
      description: g.location.slice(g.location.lastIndexOf('/') + 1),
      detail: g.frames.slice(1, 4).map((f) => f.function).join(' ← ') || undefined,
      frame: g.frames[0],
    })),
    { title: `Top goroutine stacks of "${tracked.session.name}"`, placeHolder: 'Open the line where these goroutines are' },
  );
  if (picked?.frame) await openSourceLine(picked.frame.file, picked.frame.line);
}

export function registerHandlesCommands(registry: SessionRegistry): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.setDebuggeePid, (arg: unknown) => setPid(registry, arg)),
    vscode.commands.registerCommand(COMMANDS.exportSamples, (arg: unknown) => exportSamples(registry, arg)),
    vscode.commands.registerCommand(COMMANDS.showTopStacks, (arg: unknown) => showTopStacks(registry, arg)),
  );
}
