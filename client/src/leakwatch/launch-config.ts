// "LeakLens: Enable Leak Detection in Launch Configuration": adds GOEXPERIMENT=goroutineleakprofile to the `env` of the
// workspace's Go launch configurations (or adds one), so Delve builds the program with the runtime's leak detector and
// the Handles view can read /debug/pprof/goroutineleak while the program serves net/http/pprof.
import * as vscode from 'vscode';
import { NEW_GO_LAUNCH_CONFIG, withLeakDetection, type LaunchConfig } from './launch-env';

export async function enableLeakDetection(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length <= 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Launch configurations of which folder?' });
  if (!folder) {
    if (folders.length === 0) void vscode.window.showInformationMessage('LeakLens: open a folder first: launch configurations live in .vscode/launch.json.');
    return;
  }
  const launch = vscode.workspace.getConfiguration('launch', folder.uri);
  const configurations = [...(launch.get<LaunchConfig[]>('configurations') ?? [])];
  const goIndexes = configurations.map((c, i) => (c.type === 'go' ? i : -1)).filter((i) => i >= 0);
  let chosen = goIndexes;
  if (goIndexes.length > 1) {
    const picked = await vscode.window.showQuickPick(
      goIndexes.map((i) => ({ label: String(configurations[i].name ?? `configuration ${i + 1}`), index: i, picked: true })),
      { canPickMany: true, title: 'Enable leak detection in which Go launch configurations?' },
    );
    if (!picked) return;
    chosen = picked.map((p) => p.index);
  }
  if (chosen.length === 0) configurations.push(NEW_GO_LAUNCH_CONFIG);
  else for (const i of chosen) configurations[i] = withLeakDetection(configurations[i]);
  await launch.update('configurations', configurations, vscode.ConfigurationTarget.WorkspaceFolder);
  const what = chosen.length === 0 ? 'added "Launch with leak detection"' : `updated ${chosen.length} Go launch configuration${chosen.length === 1 ? '' : 's'}`;
  void vscode.window.showInformationMessage(
    `LeakLens: ${what} with GOEXPERIMENT=goroutineleakprofile (Go 1.26+). The Handles view reads /debug/pprof/goroutineleak when the program serves net/http/pprof.`,
  );
}
