// The test-only Go debugger extension (test/e2e/go-debug-extension: the `go` debug type served by real `dlv dap`),
// packed into a VSIX in the harness's temp folder with the repository's vsce, for code-server to install next to
// LeakLens. It is never shipped: .vscodeignore keeps test/ out of leaklens.vsix.
import { execFile } from 'node:child_process';
import { join } from 'node:path';

export const GO_DEBUG_EXTENSION_DIR = join('test', 'e2e', 'go-debug-extension');

/** Packs the extension into `<home>/go-debug-e2e.vsix` and returns its path. */
export function packGoDebugExtension(repoRoot: string, home: string): Promise<string> {
  const vsix = join(home, 'go-debug-e2e.vsix');
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix];
  return new Promise((resolve, reject) => {
    execFile(vsce, args, { cwd: join(repoRoot, GO_DEBUG_EXTENSION_DIR), timeout: 120_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`vsce could not pack the Go debug test extension: ${error.message}\n${stdout}\n${stderr}`));
      else resolve(vsix);
    });
  });
}
