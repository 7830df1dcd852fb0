// The packages a `leaklens test` run covers, from `go list -e -json` (with the build flags of the pass-through flags,
// so that build tags choose the same files as go test).
import * as path from 'node:path';
import { runGo, ToolchainError } from './toolchain';

export interface ListedPackage {
  importPath: string;
  dir: string;
  name: string;
  /** The module's root folder; frames in it are the user's. The package folder outside modules. */
  moduleDir: string;
  /** The module path (`example.com/m`); with -trimpath, stacks name files `example.com/m/pkg/file.go`. */
  modulePath: string | null;
  testFiles: string[];
  xtestFiles: string[];
  /** The package cannot be loaded (syntax error, missing import): reported as its build error without running. */
  loadError: string | null;
}

interface GoListPackage {
  ImportPath: string;
  Dir?: string;
  Name?: string;
  Module?: { Dir?: string; Path?: string };
  TestGoFiles?: string[];
  XTestGoFiles?: string[];
  Error?: { Err: string };
  DepsErrors?: { Err: string }[];
}

/** Build flags that change which files and packages go list sees, with whether they take a value. */
const BUILD_FLAGS = new Map([['-tags', true], ['-mod', true], ['-modfile', true], ['-race', false], ['-cover', false]]);

/** The pass-through flags that go list needs too (`-tags x`, `-tags=x`, `--tags x`, `-race`). */
export function buildFlagsOf(goTestFlags: readonly string[]): string[] {
  const selected: string[] = [];
  for (let i = 0; i < goTestFlags.length; i++) {
    const flag = goTestFlags[i].replace(/^--/, '-');
    const name = flag.split('=')[0];
    const takesValue = BUILD_FLAGS.get(name);
    if (takesValue === undefined) continue;
    selected.push(flag);
    if (takesValue && !flag.includes('=') && i + 1 < goTestFlags.length) selected.push(goTestFlags[++i]);
  }
  return selected;
}

export async function listPackages(patterns: readonly string[], goTestFlags: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ListedPackage[]> {
  const fields = 'ImportPath,Dir,Name,Module,TestGoFiles,XTestGoFiles,Error,DepsErrors';
  const result = await runGo(['list', '-e', `-json=${fields}`, ...buildFlagsOf(goTestFlags), '--', ...patterns], { cwd, env });
  if (result.code !== 0) throw new ToolchainError(`go list failed: ${(result.stderr || result.stdout).trim()}`);
  return parseGoListJson(result.stdout).map((p) => {
    const dir = p.Dir ?? cwd;
    const errors = [p.Error?.Err, ...(p.DepsErrors ?? []).map((e) => e.Err)].filter((e): e is string => !!e);
    return {
      importPath: p.ImportPath,
      dir,
      name: p.Name ?? path.basename(dir),
      moduleDir: p.Module?.Dir ?? dir,
      modulePath: p.Module?.Path ?? null,
      testFiles: (p.TestGoFiles ?? []).map((f) => path.join(dir, f)),
      xtestFiles: (p.XTestGoFiles ?? []).map((f) => path.join(dir, f)),
      loadError: errors.length > 0 ? errors.join('\n') : null,
    };
  });
}

/** go list -json prints one object after the other; each closes with `}` alone on a line. */
function parseGoListJson(stdout: string): GoListPackage[] {
  return stdout
    .split(/^}$/m)
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => JSON.parse(`${chunk}}`) as GoListPackage);
}
