// What the CLI reports for a Go text, as LSP-style ranges: the LSP tests assert that the server reports the same.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_RULE_IDS } from '../../server/src/analysis/registry';
import { UNUSED_SUPPRESSION } from '../../server/src/analysis/types';
import { REPO_ROOT } from './lspClient';

export interface CliFinding {
  rule: string;
  message: string;
  severity: string;
  /** 0-based, like LSP. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** The CLI's findings with the default rules, plus `alsoOn` (rules off by default that the LSP test's settings turn on). */
export async function cliFindings(goText: string, alsoOn: readonly string[] = []): Promise<CliFinding[]> {
  const rules = alsoOn.length === 0 ? [] : ['--rules', [...DEFAULT_RULE_IDS, UNUSED_SUPPRESSION, ...alsoOn].join(',')];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-lsp-cli-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.go'), goText);
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(REPO_ROOT, 'dist', 'cli.js'), 'check', '--format', 'json', ...rules, 'main.go'],
        { cwd: dir, timeout: 30_000, killSignal: 'SIGKILL', encoding: 'utf8' },
        (err, out, stderr) => {
          // Exit code 1 means "findings": a normal outcome here.
          if (err && err.code !== 1) reject(new Error(`leaklens check failed (${String(err.code)}): ${stderr}`));
          else resolve(out);
        },
      );
    });
    const report = JSON.parse(stdout) as {
      findings: { rule: string; message: string; severity: string; line: number; column: number; endLine: number; endColumn: number }[];
    };
    return report.findings.map((f) => ({
      rule: f.rule,
      message: f.message,
      severity: f.severity,
      line: f.line - 1,
      character: f.column - 1,
      endLine: f.endLine - 1,
      endCharacter: f.endColumn - 1,
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
