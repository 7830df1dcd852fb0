// Where the "Run with leak check" and "Run with leak watch" lenses go, read from a Go file's text: gofmt puts top-level
// declarations at the start of a line, so anchored patterns find them without a parser (a declaration inside a raw
// string that also starts a line is the only thing that could fool them, and a lens there would only run the tests). Pure.

export interface LensTarget {
  /** 0-based. */
  line: number;
  kind: 'package' | 'test' | 'main';
  /** The test function's name, for `kind: 'test'`. */
  name?: string;
}

const PACKAGE_CLAUSE = /^package\s+(\w+)/;
/** `func TestXxx(t *testing.T)`: go test runs names that are Test followed by a non-lowercase character. */
const TEST_FUNC = /^func\s+(Test(?:[^a-z\s(][\w]*)?)\s*\(\s*\w+\s+\*testing\.T\s*\)/;
const MAIN_FUNC = /^func\s+main\s*\(\s*\)/;

export function isTestFile(path: string): boolean {
  return path.endsWith('_test.go');
}

/** The package clause and each test function of a `_test.go` file. */
export function testTargets(text: string): LensTarget[] {
  const targets: LensTarget[] = [];
  let sawPackage = false;
  text.split('\n').forEach((line, index) => {
    if (!sawPackage && PACKAGE_CLAUSE.test(line)) {
      sawPackage = true;
      targets.push({ line: index, kind: 'package' });
      return;
    }
    const test = TEST_FUNC.exec(line);
    if (test) targets.push({ line: index, kind: 'test', name: test[1] });
  });
  return targets;
}

/** `func main()` of a `package main` file, if it has one. */
export function mainTarget(text: string): LensTarget | undefined {
  const lines = text.split('\n');
  const pkg = lines.find((l) => PACKAGE_CLAUSE.test(l));
  if (PACKAGE_CLAUSE.exec(pkg ?? '')?.[1] !== 'main') return undefined;
  const index = lines.findIndex((l) => MAIN_FUNC.test(l));
  return index < 0 ? undefined : { line: index, kind: 'main' };
}

/** `-run` pattern that runs exactly one test function (not TestFooBar when asked for TestFoo). */
export function exactTestPattern(name: string): string {
  return `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}
