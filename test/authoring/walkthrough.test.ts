// The walkthrough: each step ticks on the real action (a context key the extension sets, remembered across sessions),
// never on merely opening a file or a view; its media fit the pane; its CI recipe is the tested one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DIAGNOSTIC_SOURCE } from '../../server/src/protocol/ids';
import { tagQuickFixes, WALKTHROUGH_CONTEXT_KEYS } from '../../client/src/walkthrough/steps';
import { REPO_ROOT } from './toolchain';

interface Step {
  id: string;
  completionEvents: string[];
}
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { walkthroughs: Array<{ steps: Step[] }> } };
const steps = manifest.contributes.walkthroughs[0].steps;
const MEDIA = join(REPO_ROOT, 'media', 'walkthrough');
/** About what the walkthrough's media column shows in monospace at the default width without scrolling. */
const MAX_CODE_LINE = 50;

describe('walkthrough', () => {
  it('ticks on actions: a command or one of the extension\'s context keys, never onLanguage or onView', () => {
    const keys = new Set<string>(Object.values(WALKTHROUGH_CONTEXT_KEYS));
    for (const step of steps) {
      for (const event of step.completionEvents) {
        assert.doesNotMatch(event, /^on(Language|View):/, `${step.id} ticks on ${event}`);
        if (event.startsWith('onContext:')) assert.ok(keys.has(event.slice('onContext:'.length)), `${step.id}: ${event} is never set`);
      }
    }
    const byId = Object.fromEntries(steps.map((s) => [s.id, s.completionEvents]));
    assert.deepEqual(byId.leakHint, ['onCommand:leaklens.walkthrough.recordQuickFix', `onContext:${WALKTHROUGH_CONTEXT_KEYS.fixedLeak}`]);
    assert.deepEqual(byId.healthCheck, [`onContext:${WALKTHROUGH_CONTEXT_KEYS.ranCheck}`]);
    assert.deepEqual(byId.handles, [`onContext:${WALKTHROUGH_CONTEXT_KEYS.watchedHandles}`]);
  });

  it('LeakLens quick fixes carry the command that records them; others and fixes with a command keep theirs', () => {
    const quickfix = { value: 'quickfix' };
    const ours = { kind: quickfix, diagnostics: [{ source: DIAGNOSTIC_SOURCE }] };
    const theirs = { kind: quickfix, diagnostics: [{ source: 'gopls' }] };
    const withCommand = { kind: quickfix, diagnostics: [{ source: DIAGNOSTIC_SOURCE }], command: { command: 'x', title: 'x' } };
    const refactor = { kind: { value: 'refactor.rewrite' }, diagnostics: [{ source: DIAGNOSTIC_SOURCE }] };
    tagQuickFixes<{ kind?: { value: string }; diagnostics?: Array<{ source?: string }>; command?: { command: string; title: string } }>(
      [ours, theirs, withCommand, refactor],
      DIAGNOSTIC_SOURCE,
      'leaklens.walkthrough.recordQuickFix',
    );
    assert.equal((ours as { command?: { command: string } }).command?.command, 'leaklens.walkthrough.recordQuickFix');
    assert.equal((theirs as { command?: unknown }).command, undefined);
    assert.equal(withCommand.command.command, 'x');
    assert.equal((refactor as { command?: unknown }).command, undefined);
  });

  it(`media code blocks fit the pane: no line over ${MAX_CODE_LINE} characters`, () => {
    const tooLong: string[] = [];
    for (const file of readdirSync(MEDIA).filter((f) => f.endsWith('.md'))) {
      let inCode = false;
      for (const line of readFileSync(join(MEDIA, file), 'utf8').split('\n')) {
        if (line.startsWith('```')) inCode = !inCode;
        else if (inCode && line.replace(/\t/g, '    ').length > MAX_CODE_LINE) tooLong.push(`${file}: ${line}`);
      }
    }
    assert.deepEqual(tooLong, []);
  });

  it('the CI recipe installs the CLI tarball (tested in test/package/cli-tarball.test.ts), never a registry package', () => {
    const ci = readFileSync(join(MEDIA, 'ci.md'), 'utf8');
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.doesNotMatch(ci, /npx leaklens/);
    assert.match(ci, /npm install --global\s+\.\/\.github\/leaklens-cli\.tgz/);
    assert.match(readme, /- run: npm install --global \.\/\.github\/leaklens-cli\.tgz/);
    assert.doesNotMatch(readme, /npm install leaklens/);
    // A workflow step runs on a fresh runner, outside this repository: npx would look for a registry package.
    assert.doesNotMatch(readme + ci, /run: (>-\s+)?npx leaklens/);
  });
});
