// "Is this code part of the program users run, or of its tests?" Test code runs inside a `go test` binary: what it
// leaves open or blocked ends with that process a moment later, like scaffolding (scaffolding.ts). A `_test.go` file
// is test code whole: only `go test` builds it; so is a file named as a test double (`mock.go`, `mock_server.go`).
// Four more shapes say so outside test folders:
// - a file that imports a test framework (Ginkgo, Gomega, testify, gotest.tools, net/http/httptest, the
//   test-container libraries dockertest and testcontainers-go, crossdock) is test support, skipped whole: programs do
//   not link assertion libraries, fake servers or throwaway containers; so is every file of such a framework's module;
// - a function (declaration, method or func literal) with a `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB`
//   parameter is a test or a test helper: nothing inside it is reported, its closures included. Importing "testing"
//   alone proves nothing about the rest of the file (flag parsing, testing.Testing()).
// - a package whose comment opens by saying it is for tests ("… designed to run on localhost during tests",
//   test-package-doc.ts); the comment may be in another file of the package, which a run over the module sees;
// - a `package main` run by a `//go:generate` line is a code generator (go-generate.ts), skipped whole like test
//   support: it runs by hand before a build, once.
// Two more shapes need every package of the module, so only a run that reads them all (the CLI) sees them
// (moduleTestCode): an `internal/` package only tests import, and a generator run by a go:generate line of a folder
// that is not above it. The editor, analysing one open file, does not scan the module for them.
import * as path from 'node:path';
import { descendantsOfType, FUNCTION_TYPES, isQualifiedType, rangeOf, rootOf, topLevelDeclarations, type Imports } from '../ast';
import { isGoTestFile } from '../files';
import { findModule, moduleRelativeFolder } from '../gomod';
import { importPathsIn, type ModulePackageNode } from '../module-graph';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import type { Position, Range } from '../types';
import { directiveRuns, generatorDirectiveFile } from './go-generate';
import { testOnlySynopsis } from './test-package-doc';
import { scaffoldingFolder } from './scaffolding';

/** Import paths of test frameworks, each with every package under it (`github.com/onsi/ginkgo/v2/dsl/core`). */
const TEST_FRAMEWORK_ROOTS: readonly string[] = [
  'github.com/onsi/ginkgo',
  'github.com/onsi/gomega',
  'github.com/stretchr/testify',
  'gotest.tools',
  'net/http/httptest',
  // Throwaway containers for integration tests, and the cross-service test runner: test harnesses, never the program.
  'github.com/ory/dockertest',
  'github.com/testcontainers/testcontainers-go',
  'github.com/crossdock/crossdock-go',
];

/** The types of package testing a test or a test helper receives. */
const TEST_HANDLE_TYPES: readonly string[] = ['T', 'B', 'F', 'TB'];

/** The first of `importPaths` that is a test framework, or undefined. */
export function testFrameworkImport(importPaths: Iterable<string>): string | undefined {
  for (const importPath of importPaths) {
    if (TEST_FRAMEWORK_ROOTS.some((root) => importPath === root || importPath.startsWith(`${root}/`))) return importPath;
  }
  return undefined;
}

/**
 * Why `file` is test code as a whole, worded for a log line (`test scaffolding (folder "scripts")`), or undefined when
 * it is program code. `packageReason`: why its whole package is, when a run that reads the module knows
 * (moduleTestCode).
 */
export function testCodeReason(file: GoFile, packageReason?: string): string | undefined {
  const folder = scaffoldingFolder(file);
  if (folder !== undefined) return `test scaffolding (folder "${folder}")`;
  if (isGoTestFile(file.path)) return 'test file (only `go test` builds it)';
  const double = testDoubleFile(file.path);
  if (double !== undefined) return `test double (file "${double}")`;
  // Every import, dot and blank ones included: Ginkgo and Gomega are dot-imported by convention.
  const framework = testFrameworkImport(importPathsIn(file.text));
  if (framework !== undefined) return `test support (imports "${framework}")`;
  // The framework's own code (gotest.tools' `poll.Connection`, testify's mocks): it runs in the test binaries that
  // import it, whichever of its packages the file is in.
  const module = moduleRelativeFolder(file.path)?.module.path;
  if (module !== undefined && testFrameworkImport([module]) !== undefined) return `test support (part of the test framework "${module}")`;
  const directiveFile = generatorDirectiveFile(file);
  if (directiveFile !== undefined) return generatorReason(directiveFile);
  const synopsis = testOnlySynopsis(file.text);
  if (synopsis !== undefined) return testOnlyDocReason(synopsis);
  return packageReason;
}

/**
 * A file named as a test double, like a folder named so (scaffolding.ts's TEST_DOUBLE): `mock.go`, `mocks.go`,
 * `fake.go`, `fakes.go`, or `mock`/`mocks` before or after another word (`mock_server.go`, `nvpci_mock.go`). It holds
 * the stand-ins a package offers its tests or its users' tests (a fake sysfs tree in a temporary folder, a mock server
 * for contract tests), which run inside a test binary. `fake` only alone: `fake_ip.go` may be a proxy's feature.
 */
const TEST_DOUBLE_FILE = /^(?:(?:mocks?|fakes?)|mocks?_[a-z0-9_]+|[a-z0-9_]+_mocks?)\.go$/;

/** The base name of `filePath` when it names a test double (TEST_DOUBLE_FILE), or undefined. */
function testDoubleFile(filePath: string | undefined): string | undefined {
  const name = filePath === undefined ? '' : path.basename(filePath).toLowerCase();
  return TEST_DOUBLE_FILE.test(name) ? name : undefined;
}

function testOnlyDocReason(synopsis: string): string {
  return `test support (its package comment says so: "${synopsis}")`;
}

function generatorReason(directiveFile: string): string {
  return `code generator (run by //go:generate in "${directiveFile}")`;
}

/**
 * Why each package folder of a run is test code as a whole, from the other packages of its module (module-graph.ts):
 * - an `internal/` package that `_test.go` files of other folders import and no other file does, except packages that
 *   are such test support in turn: only test binaries link it (`internal/testserver` that integration tests drive).
 *   Go lets only the tree above the `internal` folder import it, so this is decided only when the run holds that tree
 *   (`holdsTree`) and read every .go file in it; an exported package may have importers in other modules, never seen;
 * - a package main that a `//go:generate` line of any folder of its module runs (go-generate.ts), in a folder with no
 *   other package (a `//go:build ignore` generator script beside a library is judged file by file). Not from a
 *   `_test.go` file, nor the main at the module's root: a test that runs the module's program to build its test data
 *   (`go run example.com/policy build testdata/bundle`) uses the program, which stays one.
 */
export function moduleTestCode(graph: ReadonlyMap<string, ModulePackageNode>, holdsTree: (folder: string) => boolean): Map<string, string> {
  const reasons = new Map<string, string>();
  const testSupport = new Set<string>();
  for (const [folder, node] of graph) {
    if (node.main || !(node.importedByTests || node.programImporters.length > 0)) continue;
    const scope = internalScope(folder, node.importPath);
    if (scope === undefined || !holdsTree(scope)) continue;
    const within = (f: string): boolean => f === scope || f.startsWith(scope + path.sep);
    if (![...graph].some(([f, n]) => n.unread && within(f))) testSupport.add(folder);
  }
  // Down to the packages whose every importer outside tests is test support itself (there are no import cycles).
  for (let changed = true; changed; ) {
    changed = false;
    for (const folder of testSupport) {
      if (graph.get(folder)!.programImporters.every((f) => testSupport.has(f))) continue;
      testSupport.delete(folder);
      changed = true;
    }
  }
  for (const folder of testSupport) reasons.set(folder, 'test support (an internal package only tests of its module import)');
  // The package comment may sit in any file of the package (doc.go): its verdict holds for every file of the folder.
  for (const [folder, node] of graph) if (node.testOnlySynopsis !== undefined) reasons.set(folder, testOnlyDocReason(node.testOnlySynopsis));
  for (const [folder, node] of graph) {
    const module = node.main && !node.library ? findModule(folder) : undefined;
    if (!module || folder === module.root) continue;
    for (const [dir, other] of graph) {
      const directive = other.generateDirectives.find((d) => !isGoTestFile(d.file) && directiveRuns(d, folder, module));
      if (directive === undefined || findModule(dir)?.root !== module.root) continue;
      reasons.set(folder, generatorReason(path.relative(module.root, directive.file).split(path.sep).join('/')));
      break;
    }
  }
  return reasons;
}

/** The folder whose tree alone may import the package in `folder`: the one above its last `internal` folder. */
function internalScope(folder: string, importPath: string | undefined): string | undefined {
  const elements = importPath?.split('/') ?? [];
  const last = elements.lastIndexOf('internal');
  if (last < 0) return undefined;
  let scope = folder;
  for (let i = last; i < elements.length; i++) scope = path.dirname(scope);
  return scope;
}

/** Does `fn` (a function declaration, method or func literal) take a `*testing.T`, `*testing.B`, `*testing.F` or `testing.TB`? */
function isTestFunction(fn: SyntaxNode, imports: Imports): boolean {
  if (!(FUNCTION_TYPES as readonly string[]).includes(fn.type)) return false;
  const parameters = fn.childForFieldName('parameters');
  if (!parameters) return false;
  return parameters.namedChildren.some(
    (p) => p?.type === 'parameter_declaration' && TEST_HANDLE_TYPES.some((name) => isQualifiedType(p.childForFieldName('type'), imports, 'testing', name)),
  );
}

/** The ranges of the outermost test functions of the file (see isTestFunction); none when it does not import "testing". */
export function testFunctionRanges(file: GoFile): Range[] {
  const { imports } = topLevelDeclarations(file.tree);
  const names = imports.get('testing');
  if (!names) return [];
  const ranges: Range[] = [];
  for (const decl of rootOf(file.tree).namedChildren) {
    if (!decl) continue;
    // A test function is kept whole: its closures are not listed (each crosses the wasm boundary). A parameter of
    // package testing names it: a declaration whose text does not holds no test function.
    if (isTestFunction(decl, imports)) {
      ranges.push(rangeOf(decl));
      continue;
    }
    const text = file.text.slice(decl.startIndex, decl.endIndex);
    if (!names.some((name) => text.includes(name))) continue;
    // In pre-order, found inside wasm (ast.ts descendantsOfType): a function inside the last test function kept is not outermost.
    let keptEnd = -1;
    for (const fn of descendantsOfType(decl, FUNCTION_TYPES)) {
      if (fn.startIndex < keptEnd || !isTestFunction(fn, imports)) continue;
      ranges.push(rangeOf(fn));
      keptEnd = fn.endIndex;
    }
  }
  return ranges;
}

/** `items` without those that start inside one of `ranges`. */
export function outsideRanges<T extends { range: Range }>(items: T[], ranges: readonly Range[]): T[] {
  if (ranges.length === 0) return items;
  return items.filter((item) => !ranges.some((r) => !before(item.range.start, r.start) && !before(r.end, item.range.start)));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
