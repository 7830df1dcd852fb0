// What "New Automation Script…" writes: main.go from the template, go.mod only when the folder is in no module, the
// module name from the folder, and never an overwrite that was not asked for.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { templatePath, SCRIPT_TEMPLATES } from '../../client/src/authoring/catalogue';
import { validateRelativeFolder } from '../../client/src/authoring/folder-input';
import { goModContent, isInsideGoModule, moduleNameFor } from '../../client/src/authoring/go-module';
import { FileExistsError, planScaffold, writeScaffold } from '../../client/src/authoring/scaffold';
import { REPO_ROOT, runCommand } from './toolchain';

let root: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'leaklens-scaffold-'));
  assert.equal(isInsideGoModule(root), false, 'the temp folder must not be inside a Go module for these tests');
});

after(() => rmSync(root, { recursive: true, force: true }));

function templateText(id: string): string {
  const template = SCRIPT_TEMPLATES.find((t) => t.id === id);
  assert.ok(template, id);
  return readFileSync(join(REPO_ROOT, ...templatePath(template)), 'utf8');
}

test('module names come from the folder name and are valid module paths', () => {
  assert.equal(moduleNameFor('/work/health-checker'), 'health-checker');
  assert.equal(moduleNameFor('/work/My Tools (v2)'), 'my-tools-v2');
  assert.equal(moduleNameFor('/work/.hidden'), 'hidden');
  assert.equal(moduleNameFor('/work/déploiement'), 'd-ploiement');
  assert.equal(moduleNameFor('/work/(((('), 'script');
  assert.equal(goModContent('x'), 'module x\n\ngo 1.22\n');
});

test('a new folder gets main.go and a go.mod, and the result builds', async () => {
  const folder = join(root, 'My Checker');
  const mainGo = await writeScaffold(planScaffold(folder, templateText('health-checker')), false);
  assert.equal(mainGo, join(folder, 'main.go'));
  assert.equal(readFileSync(mainGo, 'utf8'), templateText('health-checker'));
  assert.equal(readFileSync(join(folder, 'go.mod'), 'utf8'), 'module my-checker\n\ngo 1.22\n');
  const build = await runCommand('go', ['build', '-o', join(root, 'checker-bin'), '.'], folder);
  assert.equal(build.code, 0, build.stderr);
});

test('an existing main.go is kept unless overwriting was confirmed; an existing go.mod is always kept', async () => {
  const folder = join(root, 'existing');
  mkdirSync(folder);
  writeFileSync(join(folder, 'main.go'), 'package main // mine\n');
  writeFileSync(join(folder, 'go.mod'), 'module mine\n');
  const plan = planScaffold(folder, templateText('periodic-job'));
  assert.equal(plan.goMod, undefined, 'the folder already is a module');

  await assert.rejects(
    writeScaffold(plan, false),
    (error: unknown) => error instanceof FileExistsError && error.path === join(folder, 'main.go'),
  );
  assert.equal(readFileSync(join(folder, 'main.go'), 'utf8'), 'package main // mine\n');

  await writeScaffold(plan, true);
  assert.equal(readFileSync(join(folder, 'main.go'), 'utf8'), templateText('periodic-job'));
  assert.equal(readFileSync(join(folder, 'go.mod'), 'utf8'), 'module mine\n');
});

test('a folder inside an existing module joins it instead of getting its own go.mod', async () => {
  const moduleRoot = join(root, 'tools');
  mkdirSync(moduleRoot);
  writeFileSync(join(moduleRoot, 'go.mod'), 'module tools\n');
  const folder = join(moduleRoot, 'cmd', 'sync');
  await writeScaffold(planScaffold(folder, templateText('file-syncer')), false);
  assert.ok(existsSync(join(folder, 'main.go')));
  assert.equal(existsSync(join(folder, 'go.mod')), false);
});

test('the folder name must stay inside the workspace folder', () => {
  assert.equal(validateRelativeFolder('health-checker'), undefined);
  assert.equal(validateRelativeFolder('cmd/poller'), undefined);
  assert.equal(validateRelativeFolder('.'), undefined);
  assert.match(validateRelativeFolder('  ') ?? '', /Enter a folder name/);
  assert.match(validateRelativeFolder('/etc') ?? '', /relative/);
  assert.match(validateRelativeFolder('../elsewhere') ?? '', /inside the workspace/);
  assert.match(validateRelativeFolder('a/../../b') ?? '', /inside the workspace/);
});
