// Headless Neovim 0.7 as a second real LSP client: it starts the server over --stdio, receives published diagnostics
// (Neovim 0.7 only takes published ones), and must see exactly what the CLI reports for the same file.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { cliFindings } from '../lsp/cliFindings';
import { LEAKY_POLLER } from '../lsp/goSources';
import { REPO_ROOT } from '../lsp/lspClient';

const SCRIPT = path.join(REPO_ROOT, 'test', 'nvim', 'dump_diags.lua');
/** How editors start the server: the CLI's `lsp --stdio` command. */
const SERVER_COMMAND = [process.execPath, path.join(REPO_ROOT, 'dist', 'cli.js'), 'lsp', '--stdio'];

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  message: string;
  source: string;
  code: string | null;
}

function runNeovim(goFile: string, outFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'nvim',
      ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${SCRIPT}`, '--', goFile, outFile],
      { env: { ...process.env, LEAKLENS_LSP_CMD: JSON.stringify(SERVER_COMMAND) }, timeout: 60_000, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => (err ? reject(new Error(`nvim failed (${String(err.code)}): ${stdout}${stderr}`)) : resolve()),
    );
  });
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('Neovim 0.7 as an LSP client', () => {
  test('receives the same diagnostics as the CLI reports, and the server ends with the editor', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-nvim-'));
    try {
      const goFile = path.join(dir, 'main.go');
      const outFile = path.join(dir, 'out.json');
      fs.writeFileSync(goFile, LEAKY_POLLER);
      await runNeovim(goFile, outFile);
      const result = JSON.parse(fs.readFileSync(outFile, 'utf8')) as { ok: boolean; server_pid: number | null; diagnostics: NvimDiagnostic[] };
      assert.equal(result.ok, true);
      const expected = await cliFindings(LEAKY_POLLER);
      assert.ok(expected.length > 0, 'the fixture has findings');
      const byPosition = (a: { line: number; character: number }, b: { line: number; character: number }): number =>
        a.line - b.line || a.character - b.character;
      const severity: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };
      assert.deepEqual(
        result.diagnostics
          .map((d) => ({ line: d.lnum, character: d.col, endLine: d.end_lnum, endCharacter: d.end_col, message: d.message, severity: d.severity, source: d.source }))
          .sort(byPosition),
        expected
          .map((f) => ({ line: f.line, character: f.character, endLine: f.endLine, endCharacter: f.endCharacter, message: f.message, severity: severity[f.severity], source: 'leaklens' }))
          .sort(byPosition),
      );
      assert.equal(typeof result.server_pid, 'number');
      assert.equal(await waitUntilGone(result.server_pid!, 5_000), true, 'the server exited');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
