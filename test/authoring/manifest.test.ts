// The authoring contributions in package.json point at files that exist and ship: the Go snippets, the command, and
// the walkthrough with the steps the issue asks for.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { NEW_SCRIPT_COMMAND_ID } from '../../client/src/authoring/command-id';
import { REPO_ROOT } from './toolchain';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const vscodeIgnore = readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8');

test('the new-script command and the Go snippets are contributed', () => {
  assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === NEW_SCRIPT_COMMAND_ID));
  const goSnippets = manifest.contributes.snippets.find((s: { language: string }) => s.language === 'go');
  assert.equal(goSnippets?.path, './snippets/go.json');
  assert.ok(existsSync(join(REPO_ROOT, goSnippets.path)));
});

test('the walkthrough has the four required steps, each with existing markdown', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as { steps: WalkthroughStep[] }[];
  const titles = walkthrough.steps.map((s) => s.title);
  for (const topic of [/leak hint.*quick fix/i, /health check from a lens/i, /handle counts while debugging/i, /CLI in CI/i]) {
    assert.ok(titles.some((t) => topic.test(t)), `a step about ${topic}`);
  }
  for (const step of walkthrough.steps) {
    assert.ok(step.media.markdown, `${step.id} has markdown`);
    assert.ok(existsSync(join(REPO_ROOT, step.media.markdown)), `${step.media.markdown} exists`);
    assert.ok(step.completionEvents?.length, `${step.id} can be completed`);
  }
});

test('the CI step carries a workflow that uploads SARIF from the CLI', () => {
  const ci = readFileSync(join(REPO_ROOT, 'media', 'walkthrough', 'ci.md'), 'utf8');
  assert.match(ci, /leaklens check --format sarif \.\s+> leaklens\.sarif/);
  assert.match(ci, /uses: github\/codeql-action\/upload-sarif@v\d+/);
  assert.match(ci, /security-events: write/);
});

test('templates and walkthrough pages ship in the VSIX', () => {
  assert.match(vscodeIgnore, /^!templates\/\*\*\/\*\.go$/m);
  assert.match(vscodeIgnore, /^!media\/walkthrough\/\*\*\/\*\.md$/m);
});
