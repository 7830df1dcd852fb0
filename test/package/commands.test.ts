// The client–server seam: the one command table (client/src/commands.ts) against package.json's contributes.commands,
// both ways, and no "leaklens.…" command id written out by hand where commands are registered or run.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../client/src/commands';
import { REPO_ROOT } from '../authoring/toolchain';

const ROOT = REPO_ROOT;
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; menus: Record<string, Array<{ command: string }>>; walkthroughs: Array<{ steps: Array<{ completionEvents?: string[] }> }> };
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('command table', () => {
  it('lists exactly the commands package.json contributes', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(Object.values(COMMANDS).sort(), contributed);
  });

  it('every command a menu or walkthrough names is in the table', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    const inMenus = Object.values(manifest.contributes.menus).flatMap((entries) => entries.map((e) => e.command));
    const inWalkthrough = manifest.contributes.walkthroughs
      .flatMap((w) => w.steps.flatMap((s) => s.completionEvents ?? []))
      .filter((e) => e.startsWith('onCommand:'))
      .map((e) => e.slice('onCommand:'.length));
    for (const command of [...inMenus, ...inWalkthrough]) assert.ok(known.has(command), `${command} is not in client/src/commands.ts`);
  });

  it('no client code registers or runs a leaklens command by a hand-written id', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(ROOT, 'client/src'))) {
      if (file.endsWith(path.join('client', 'src', 'commands.ts'))) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:registerCommand|executeCommand)\(\s*'leaklens\.[^']*'|command: 'leaklens\.[^']*'/g)) {
        offenders.push(`${path.relative(ROOT, file)}: ${match[0]}`);
      }
    }
    assert.deepEqual(offenders, []);
  });
});

describe('views', () => {
  it('the Health Checks view shows only where there are check files or Go files, by a key the client sets', () => {
    const views = (manifest.contributes as unknown as { views: Record<string, Array<{ id: string; when?: string }>> }).views;
    const healthChecks = views.explorer.find((v) => v.id === 'leaklens.healthChecks');
    assert.equal(healthChecks?.when, 'leaklens.workspaceHasChecks');
    const client = fs.readFileSync(path.join(ROOT, 'client/src/checks/view-visibility.ts'), 'utf8');
    assert.match(client, /HAS_CHECKS_CONTEXT_KEY = 'leaklens\.workspaceHasChecks'/);
    const activation = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[] }).activationEvents;
    assert.ok(activation.includes('workspaceContains:**/*.checks') && activation.includes('workspaceContains:**/*.go'), 'activates where the view can show');
  });
});

describe('icons', () => {
  it('lenses, the status bar and views use codicons: no emoji in the client or the language server', () => {
    // Emoji presentation (VS16), the emoji blocks, and the symbols that showed as boxes without an emoji font.
    const emoji = /\uFE0F|[\u{1F000}-\u{1FAFF}]|[\u2705\u274C\u25B6]/u;
    const offenders: string[] = [];
    for (const dir of ['client/src', 'server/src/lsp', 'server/src/protocol']) {
      for (const file of sourceFiles(path.join(ROOT, dir))) {
        fs.readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (emoji.test(line)) offenders.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    const manifestText = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    if (emoji.test(manifestText)) offenders.push('package.json');
    assert.deepEqual(offenders, []);
  });
});
