// The callers of a module's exported functions, across the packages of one CLI run: whether `writer.New`, which leaks
// a file on an error path, runs once per process because main calls it once. Built from the call indexes of every
// package of the module (flow/call-sites.ts: calls of `pkg.Name(…)` are resolved through each file's imports), after
// all of them are read, so no tree is held for it. The standard is runs-once.ts's proof: every call site of the
// function in the module is outside loops and callbacks, and its caller is itself proven to run once, up to main, init
// or a command's entry. A method is followed by its name alone (the receiver's type is not known at the call): every
// call `x.Name(…)` in the module may be it, so every one must run once, and no file may use `x.Name` as a value
// (`func (o *Options) Run() error` of package cmd/export, called once by main through `o := export.NewOptions();
// o.Run()`). Runs-once.ts leaves out the names that code outside the module calls through interfaces of its own.
import { ANY_FUNCTION, COMMAND_RUN, ONCE_CALLER, unknownCaller, type CallIndex, type CallSite } from './call-sites';
import { keyRunsOnce, MAX_CALLER_DEPTH, newPackageView, type PackageView } from './runs-once';
import { keyMayRepeat } from './command-code';

/** The call indexes of one package's program files (tests left out: they run in a process of their own). */
export interface PackageCalls {
  importPath: string;
  packageName: string;
  indexes: CallIndex[];
  /** The package is command code (flow/command-code.ts): it runs inside one invocation of a command. */
  commandCode?: boolean;
}

export class ModuleCallers {
  private readonly views = new Map<string, PackageView>();
  /** Verdicts by 'import/path.Name'. */
  private readonly known = new Map<string, boolean>();

  /** `packages`: every package of the module, each with the call indexes of all its files. */
  constructor(private readonly packages: readonly PackageCalls[]) {
    for (const p of packages) {
      const exported: PackageView['exported'] = (key, depth, visiting) =>
        key.startsWith('.') ? this.methodRunsOnce(key, depth, visiting) : this.exportedRunsOnce(p.importPath, key, depth, visiting);
      this.views.set(p.importPath, newPackageView(p.packageName, p.indexes, exported, p.indexes, true));
    }
  }

  /**
   * Is the exported function `name` of the command package `importPath` used only by command code that does not
   * repeat it: no package takes it as a value, and every call is in a command package, outside loops, handlers and
   * callbacks, through its callers there? Then it runs within one invocation of a command, as command-code.ts takes an
   * entry of a command package to. Code outside command folders, or a Lambda's handler under `cmd/` calling `ami.List`
   * per invocation, may run it any number of times.
   */
  usedOnlyByCommandCode(importPath: string, name: string): boolean {
    const key = `${importPath}.${name}`;
    const own = this.packages.find((p) => p.importPath === importPath);
    if (!own?.commandCode) return false;
    return this.packages.every((p) =>
      p.indexes.every((index) => {
        const inOwn = p.importPath === importPath;
        if (inOwn ? index.values.has(name) : index.importedValues.has(key) || index.importedValues.has(`${importPath}.${ANY_FUNCTION}`)) return false;
        // Its own package's calls count too (`LatestPatchRelease` returned by a helper called per loop turn).
        const sites = (inOwn ? index.calls.get(name) : index.imported.get(key)) ?? [];
        // Each call must be command code that is not seen to repeat within the invocation (not in a loop, a handler
        // or a callback, directly or through its callers in its package: a Lambda's handler runs per invocation).
        return sites.length === 0 || (p.commandCode === true && sites.every((site) => !siteMayRepeat(site, p.indexes)));
      }),
    );
  }

  /** Does the function `key` (a name, or '.' + a method's name) of the package `importPath` run at most once per process? */
  runsOnce(importPath: string, key: string): boolean {
    const view = this.views.get(importPath);
    return view !== undefined && keyRunsOnce(key, view, 0, new Set(), 'proven');
  }

  private exportedRunsOnce(importPath: string, name: string, depth: number, visiting: Set<string>): boolean {
    return this.memoised(`${importPath}.${name}`, depth, visiting, () => this.calledOnceInModule(importPath, name, depth, visiting));
  }

  /** The method '.Name' (`key`) of any type of the module: a method is known by its name alone. */
  private methodRunsOnce(key: string, depth: number, visiting: Set<string>): boolean {
    return this.memoised(key, depth, visiting, () => this.methodCalledOnceInModule(key, depth, visiting));
  }

  /** A verdict by `key`, reached once; a chain of callers that comes back to it, or goes too deep, is no proof. */
  private memoised(key: string, depth: number, visiting: Set<string>, judge: () => boolean): boolean {
    let verdict = this.known.get(key);
    if (verdict === undefined) {
      const step = `\0module\0${key}`;
      if (depth > MAX_CALLER_DEPTH || visiting.has(step)) return false;
      visiting.add(step);
      verdict = judge();
      visiting.delete(step);
      this.known.set(key, verdict);
    }
    return verdict;
  }

  /**
   * Every call `x.Name(…)` in the module (`key`: '.Name') runs once per process, there is at least one, and no file
   * uses `x.Name` as a value: the calls in the files that declare a method of that name or not (CallIndex.calls and
   * methodCalls), each judged by the function it runs in, in its own package.
   */
  private methodCalledOnceInModule(key: string, depth: number, visiting: Set<string>): boolean {
    let calls = 0;
    for (const p of this.packages) {
      const view = this.views.get(p.importPath)!;
      for (const index of p.indexes) {
        if (index.values.has(key) || index.methodValues?.has(key)) return false;
        for (const site of [...(index.calls.get(key) ?? []), ...(index.methodCalls?.get(key) ?? [])]) {
          if (site.inLoop || unknownCaller(site.caller) || site.caller === key) return false;
          calls++;
          if (site.caller !== ONCE_CALLER && !keyRunsOnce(site.caller, view, depth + 1, visiting, 'proven')) return false;
        }
      }
    }
    return calls > 0;
  }

  /** Every call of the function in the module runs once per process, and there is at least one. */
  private calledOnceInModule(importPath: string, name: string, depth: number, visiting: Set<string>): boolean {
    const key = `${importPath}.${name}`;
    let calls = 0;
    for (const p of this.packages) {
      const own = p.importPath === importPath;
      const view = this.views.get(p.importPath)!;
      for (const index of p.indexes) {
        if (own ? index.values.has(name) : index.importedValues.has(key) || index.importedValues.has(`${importPath}.${ANY_FUNCTION}`)) return false;
        for (const site of (own ? index.calls.get(name) : index.imported.get(key)) ?? []) {
          if (site.inLoop || unknownCaller(site.caller) || (own && site.caller === name)) return false;
          calls++;
          if (site.caller !== ONCE_CALLER && !keyRunsOnce(site.caller, view, depth + 1, visiting, 'proven')) return false;
        }
      }
    }
    return calls > 0;
  }
}

/**
 * May the call `site`, in a command package whose call indexes are `indexes`, run again and again within one
 * invocation: it sits in a loop or a callback, or its function is used as a value or called so, through its callers in
 * the package (command-code.ts keyMayRepeat).
 */
function siteMayRepeat(site: CallSite, indexes: readonly CallIndex[]): boolean {
  if (site.inLoop || unknownCaller(site.caller)) return true;
  return site.caller !== ONCE_CALLER && !site.caller.startsWith(`${COMMAND_RUN}/`) && keyMayRepeat(site.caller, indexes);
}
