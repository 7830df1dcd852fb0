// Helper summaries: what each top-level function does to each parameter, so that `defer closeBody(resp)`,
// `drain(resp.Body)` or `defer fsutil.CloseQuietly(f)` is understood. A summary is computed per file (cacheable: an edit
// re-summarises its own file only) and records, besides the releases it sees, the releases it hands to other helpers
// (`closeAll(f)` → `closeQuietly(f)`); those are resolved per package, through the package's own files and the
// summaries of the module packages it imports, to any depth within a budget (a recursive helper resolves to unknown).
import { descendantsOfType, rootOf, type Imports } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { isGoTestFile } from '../files';
import { fieldsRead } from './fields';
import { factsOf } from './file-facts';
import { releaseOnlyKind, type ResourceKind } from './kinds';
import { vocabularyOf, type Probe } from './summary-vocabulary';
import { OPEN, PathWalker } from './paths';
import { tooDeepToAnalyse } from '../flow/nesting';
import { noReturnFunctions } from '../flow/no-return';
import { nilWhenFalse } from './comma-ok';
import { forwardedReturns, resourceReturners } from './returners';
import type { HelperEffects } from './uses';
import { callIndexOf, testFileCallIndex, type CallIndex } from '../flow/call-sites';
import { importPathsIn, packageClauseOf } from '../module-graph';
import { debugMuxMakers, mayRegisterOnDefaultMux, registersOnDefaultMux } from '../http/debug-endpoints';

export type ParamEffect = 'releases' | 'borrows' | 'escapes';

export interface ParamSummary {
  name: string;
  /** Release chains applied on every path, relative to the parameter: 'Close', 'Body.Close', 'Stop', '()', 'os/signal.Stop' (from the kinds). */
  releases: string[];
  /**
   * Handed on (returned, stored, passed to a function not known to release it), or released on some paths only under
   * a test of its own state. Released on some paths and kept on the others: not an escape (the caller still owns it).
   */
  escapes: boolean;
  /** Release chains applied on every path if the helpers the parameter is handed to release it in turn. */
  delegated?: DelegatedRelease[];
}

export interface DelegatedRelease {
  chain: string;
  calls: HelperCall[];
}

/** A call handing the parameter to a helper, and the release chain that helper must apply to its parameter `index`. */
export interface HelperCall {
  /** 'name' (same package), '.method', or 'import/path.Name' (another package). */
  callee: string;
  index: number;
  chain: string;
}

export interface FileSummary {
  packageName: string;
  /** Keyed by function name; methods by '.' + method name. */
  functions: Map<string, ParamSummary[]>;
  /** Field and method names read through a selector anywhere in the file (fields.ts). */
  fieldsRead: Set<string>;
  /** Functions that return a resource they acquired, by the kind of resource (returners.ts). */
  returners: Map<string, string>;
  /** Functions that return what other functions return ('name', 'import/path.Name'), when it can be a resource. */
  forwards: Map<string, string[]>;
  /** Comma-ok functions: the results that are nil whenever the last (bool) result is false (comma-ok.ts). */
  nilWhenFalse: Map<string, number[]>;
  /** Functions that never return: every path exits the program (flow/no-return.ts). */
  noReturn: ReadonlySet<string>;
  /**
   * The import paths of the file, blank imports included (`_ "net/http/pprof"` registers handlers): which packages its
   * package depends on.
   */
  imports: string[];
  /** Where the file calls or mentions functions (flow/call-sites.ts), for runs-once across the package's files. */
  calls: CallIndex;
  /** A `_test.go` file: its calls show how tests drive the package, not how the program runs. */
  testFile: boolean;
  /**
   * Puts (or may put) a handler other than a pprof/expvar page on http.DefaultServeMux (http/debug-endpoints.ts): a
   * server on the default mux elsewhere in the package, or in a package importing this one, serves it too.
   */
  defaultMuxRoutes: boolean;
  /** Functions that return a mux holding only pprof/expvar pages, and nothing else (http/debug-endpoints.ts). */
  debugMuxMakers: ReadonlySet<string>;
}

/** The summaries of the module packages a package imports (directly or not), by import path. */
export type ModulePackages = ReadonlyMap<string, readonly FileSummary[]>;

/** A summary as its importers need it: the fields read and the call sites only matter within the package. */
export function forImporters(summary: FileSummary): FileSummary {
  return { ...summary, fieldsRead: new Set(), calls: noCalls() };
}

function noCalls(): CallIndex {
  return { calls: new Map(), values: new Set(), commandTypes: new Set(), imported: new Map(), importedValues: new Set() };
}

const packages = new WeakMap<GoFile, PackageSummaries>();

/** The package summaries the file is being analysed with (analyzeFile), for package-wide flow facts. */
export function packageOf(file: GoFile): PackageSummaries | undefined {
  return packages.get(file);
}

const cache = new WeakMap<GoFile, { kinds: readonly ResourceKind[]; summary: FileSummary }>();

/**
 * `kinds`: every lifecycle rule's resource kinds (registry.ts): the release chains and parameter types looked for, and
 * the helpers that return a resource.
 */
export function summarizeFile(file: GoFile, kinds: readonly ResourceKind[]): FileSummary {
  const cached = cache.get(file);
  if (cached?.kinds === kinds) return cached.summary;
  const summary = computeSummary(file, kinds);
  cache.set(file, { kinds, summary });
  return summary;
}

/** The file's summary if summarizeFile has computed it with `kinds`. */
function cachedSummary(file: GoFile, kinds: readonly ResourceKind[]): FileSummary | undefined {
  const cached = cache.get(file);
  return cached?.kinds === kinds ? cached.summary : undefined;
}

/**
 * The summary of a `_test.go` file that is not analysed itself, from its text alone (no parse): what the program's
 * files read of a test file. They cannot call its functions (the program is built without it), so only the names it
 * mentions (CallIndex.testMentions), the fields it reads and its imports are kept; the rest is empty.
 */
export function unparsedTestFileSummary(text: string): FileSummary {
  return {
    ...emptySummary(packageClauseOf(text), importPathsIn(text), true),
    fieldsRead: fieldsRead(text),
    calls: testFileCallIndex(text),
  };
}

/**
 * The summary of a generated file too big to parse for its siblings (files.ts parsedForSiblings), from its text alone:
 * a generator's megabytes would grow the parser's memory for good. The names it mentions stand for callers that
 * cannot be followed (CallIndex.testMentions); it offers no helper to follow, so what a sibling hands it stays unknown.
 */
export function unparsedGeneratedFileSummary(text: string): FileSummary {
  const imports = importPathsIn(text);
  return {
    ...emptySummary(packageClauseOf(text), imports, false),
    fieldsRead: fieldsRead(text),
    calls: testFileCallIndex(text),
    defaultMuxRoutes: mayRegisterOnDefaultMux(text, new Map(imports.map((importPath) => [importPath, []]))),
  };
}

function emptySummary(packageName: string, imports: string[], testFile: boolean): FileSummary {
  return {
    packageName,
    functions: new Map(),
    fieldsRead: new Set(),
    returners: new Map(),
    forwards: new Map(),
    nilWhenFalse: new Map(),
    noReturn: new Set(),
    imports,
    calls: noCalls(),
    testFile,
    defaultMuxRoutes: false,
    debugMuxMakers: new Set(),
  };
}

function computeSummary(file: GoFile, kinds: readonly ResourceKind[]): FileSummary {
  const facts = factsOf(file);
  // A file too deeply nested to analyse (flow/nesting.ts) contributes nothing its siblings could rely on.
  const imports = importPathsIn(file.text);
  const testFile = isGoTestFile(file.path);
  if (tooDeepToAnalyse(file.tree)) {
    // Not read closely: any mention of net/http's registration names may be one.
    return { ...emptySummary(facts.packageName, imports, testFile), defaultMuxRoutes: mayRegisterOnDefaultMux(file.text, facts.imports) };
  }
  const { probes, resourceType, resourceTypeInList } = vocabularyOf(kinds);
  const functions = new Map<string, ParamSummary[]>();
  for (const decl of rootOf(file.tree).namedChildren) {
    // Read once: each read of a node's type crosses the wasm boundary.
    const type = decl?.type;
    if (type !== 'function_declaration' && type !== 'method_declaration') continue;
    const name = decl!.childForFieldName('name')?.text;
    const body = decl!.childForFieldName('body');
    if (!name || !body) continue;
    const key = type === 'method_declaration' ? `.${name}` : name;
    const list = decl!.childForFieldName('parameters');
    // Most functions take no resource: test the parameter list's text before looking at each parameter.
    if (!list || !resourceTypeInList.test(file.text.slice(list.startIndex, list.endIndex))) {
      functions.set(key, []);
      continue;
    }
    let bodyText: string | undefined;
    const params = parameters(list).map((p) =>
      resourceType.test(p.type) ? summarizeParam(p, body, (bodyText ??= file.text.slice(body.startIndex, body.endIndex)), file, probes) : { name: p.name, releases: [], escapes: true },
    );
    functions.set(key, params);
  }
  return {
    packageName: facts.packageName,
    functions,
    fieldsRead: fieldsRead(file.text),
    returners: resourceReturners(facts, kinds),
    forwards: forwardedReturns(facts, resourceTypeInList),
    nilWhenFalse: nilWhenFalse(facts),
    noReturn: noReturnFunctions(file.tree),
    imports,
    calls: testFile ? testFileCallIndex(file.text) : callIndexOf(file),
    testFile,
    defaultMuxRoutes: registersOnDefaultMux(rootOf(file.tree), file.text, facts.imports),
    debugMuxMakers: debugMuxMakers(rootOf(file.tree), file.text, facts.imports),
  };
}

function parameters(list: SyntaxNode | null): { name: string; type: string }[] {
  const params: { name: string; type: string }[] = [];
  for (const decl of list?.namedChildren ?? []) {
    const declType = decl?.type;
    if (declType !== 'parameter_declaration' && declType !== 'variadic_parameter_declaration') continue;
    const type = decl!.childForFieldName('type')?.text ?? '';
    const ids = decl!.namedChildren.filter((c) => c?.type === 'identifier');
    if (ids.length === 0) params.push({ name: '_', type });
    for (const id of ids) params.push({ name: id!.text, type });
  }
  return params;
}

function summarizeParam(param: { name: string; type: string }, body: SyntaxNode, bodyText: string, file: GoFile, probes: readonly Probe[]): ParamSummary {
  const { name } = param;
  if (name === '_' || !new RegExp(`\\b${name}\\b`).test(bodyText)) return { name, releases: [], escapes: false };
  const facts = factsOf(file);
  const walk = (kind: ResourceKind, summaries?: HelperEffects): PathWalker | null => {
    const walker = new PathWalker({ name, kind, errName: null, acquisition: body, facts, summaries }, false);
    return walker.runBody(body, OPEN) ? walker : null;
  };
  const handedToCall = handedToHelper(name, bodyText, facts.imports);
  const releases: string[] = [];
  const delegated: DelegatedRelease[] = [];
  let releasedSomewhere = false;
  for (const probe of probes) {
    const direct = bodyText.includes(probe.needle(name));
    if (!direct && !(handedToCall && probe.types.test(param.type))) continue;
    releasedSomewhere ||= direct;
    const calls: HelperCall[] = [];
    if (walk(releaseOnlyKind(probe.resourcePath, probe.releaseMethods, probe.releaseFunctions), assumingHelpersRelease(file, calls))?.leaks.size !== 0) continue;
    if (calls.length === 0) releases.push(probe.chain);
    else delegated.push({ chain: probe.chain, calls });
  }
  // Not released on every path: does some path hand the parameter on (return, store, pass to another function)? A
  // helper that releases on some paths and keeps it on the others only borrows: the caller still owns the resource.
  // Unless the release depends on the resource's own state (`if r.Body != nil { r.Body.Close() }`): the analyzer
  // cannot tell whether anything is left open on the other paths, so that is unknown (an escape) too.
  let escapes = false;
  if (releases.length === 0) {
    const walker = walk(releaseOnlyKind([], []));
    escapes = !walker || walker.handedOff || (releasedSomewhere && conditionTests(body, name));
  }
  const summary: ParamSummary = { name, releases, escapes };
  if (delegated.length > 0) summary.delegated = delegated;
  return summary;
}

/** Builtins and conversions that take a value without releasing it. */
const NOT_HELPERS = new Set(['len', 'cap', 'append', 'copy', 'delete', 'print', 'println', 'panic', 'close', 'string', 'any', 'error']);

/**
 * Is `name` handed to a function that may be a helper releasing it: `closeQuietly(f)`, `fsutil.Drain(resp.Body)`?
 * Methods of values (`w.Write(b)`) and builtins are not looked at: a probe walk for each would cost every summary.
 */
function handedToHelper(name: string, bodyText: string, imports: Imports): boolean {
  const call = new RegExp(`(?<![.\\w])([A-Za-z_]\\w*)(\\.[A-Z]\\w*)?\\s*\\([^()]*?(?<![.\\w])&?${name}\\b(?:\\.\\w+)*\\s*[,)]`, 'g');
  for (const m of bodyText.matchAll(call)) {
    if (m[2] === undefined ? !NOT_HELPERS.has(m[1]) : [...imports.values()].some((aliases) => aliases.includes(m[1]))) return true;
  }
  return false;
}

/** Does some `if` or `switch` of the body test the parameter (`f != nil`, `r.Body != nil`, `c.closed`)? */
function conditionTests(body: SyntaxNode, name: string): boolean {
  const mention = new RegExp(`\\b${name}\\b`);
  return descendantsOfType(body, ['if_statement', 'expression_switch_statement']).some((s) => {
    const condition = s.childForFieldName(s.type === 'if_statement' ? 'condition' : 'value');
    return condition !== null && mention.test(condition.text);
  });
}

/**
 * The walk's view of helpers while a summary is computed: every helper the parameter is handed to is taken to release
 * it, and recorded in `calls`; the package resolves them later (PackageSummaries.releasesThrough).
 */
function assumingHelpersRelease(file: GoFile, calls: HelperCall[]): HelperEffects {
  return {
    paramEffect(callee, index, kind, passedResource) {
      if (index < 0) return undefined;
      const fn = kind.releaseFunctions?.[0];
      const method = kind.releaseMethods[0] ?? '';
      const chain = fn ? `${fn.importPath}.${fn.name}` : method === '()' || passedResource || kind.resourcePath.length === 0 ? method : [...kind.resourcePath, method].join('.');
      if (!calls.some((c) => c.callee === callee && c.index === index && c.chain === chain)) calls.push({ callee, index, chain });
      return 'releases';
    },
    neverReturns: (name) => noReturnFunctions(file.tree).has(name),
  };
}

/** How deep a chain of helpers is followed, and how many summaries one question may look at. */
const MAX_HELPER_DEPTH = 8;
const MAX_HELPER_STEPS = 200;

/** The state of one question to the summaries: the helpers on the current chain, and whether an answer was cut short. */
interface Resolution {
  trail: Set<string>;
  steps: number;
  cut: boolean;
}

/**
 * The summaries of one package: the analysed file and its siblings (other files of the same folder with the same
 * package clause), and those of the module packages it imports. The file's own summary is computed on first use, so
 * files that never call a helper pay nothing.
 */
export class PackageSummaries implements HelperEffects {
  private functions: Map<string, ParamSummary[]> | undefined;
  /** packageFunction's answers, by function name (undefined: no file of the package declares it). */
  private readonly functionsAsked = new Map<string, ParamSummary[] | undefined>();
  private files: FileSummary[] | undefined;
  /** The package's other files (samePackage without the file's own summary). */
  private otherFiles: FileSummary[] | undefined;
  private readonly moduleFunctions = new Map<string, Map<string, ParamSummary[]>>();
  private readonly returnsByPackage = new Map<string | null, PackageReturns>();
  /** Answers of releasesThrough that no cycle or budget cut short, by question. */
  private readonly resolved = new Map<string, boolean>();
  private siblingsOfPackage: FileSummary[] | undefined;
  /** Kind key → the package's returners of that kind, at any depth. */
  private readonly returnersByKind = new Map<string, string[]>();
  /** The kind keys some function of the package or of its module imports returns itself (anyReturns). */
  private returnedKinds: Set<string> | undefined;

  constructor(
    private readonly file: GoFile,
    private readonly siblings: readonly FileSummary[],
    private readonly kinds: readonly ResourceKind[],
    private readonly modulePackages: ModulePackages = new Map(),
  ) {
    packages.set(file, this);
  }

  /** The call indexes of the package's other files (the analysed file's own comes from its tree). */
  siblingCallIndexes(): CallIndex[] {
    return this.packageSiblings().map((s) => s.calls);
  }

  /** The call indexes of the package's other files that are not tests: where the program itself calls. */
  programSiblingCallIndexes(): CallIndex[] {
    return this.packageSiblings()
      .filter((s) => !s.testFile)
      .map((s) => s.calls);
  }

  /** The summaries of the package's other files that are not tests: what the rest of the program imports and mentions. */
  programSiblings(): FileSummary[] {
    return this.packageSiblings().filter((s) => !s.testFile);
  }

  /** The summaries of the program files (not tests) of the module packages this package imports, directly or not. */
  importedModuleFiles(): FileSummary[] {
    return [...this.modulePackages.values()].flat().filter((s) => !s.testFile);
  }

  private all(): FileSummary[] {
    this.files ??= [summarizeFile(this.file, this.kinds), ...this.packageSiblings()];
    return this.files;
  }

  /**
   * The siblings with the file's package clause, without the file's own summary (those asking for siblings only would
   * otherwise pay for summarising the analysed file: a whole-file pass, when an editor analyses a file alone).
   */
  private packageSiblings(): FileSummary[] {
    // The own summary, when already computed, may be among the siblings; one computed later is a new object.
    const own = cachedSummary(this.file, this.kinds);
    this.otherFiles ??= own ? this.samePackage().filter((s) => s !== own) : this.samePackage();
    return this.otherFiles;
  }

  private byName(): Map<string, ParamSummary[]> {
    if (!this.functions) this.functions = mergedFunctions(this.all());
    return this.functions;
  }

  /** Does some function of the package apply `chain` ('os/signal.Stop') to one of its parameters on every path? */
  releasesSomeParameter(chain: string): boolean {
    return [...this.byName().values()].some((params) => params.some((p) => p.releases.includes(chain)));
  }

  /** The parameters of `fn` in the package `pkg` (null: this one); undefined when unknown. */
  private paramsOf(pkg: string | null, fn: string): ParamSummary[] | undefined {
    if (pkg === null) return this.packageFunction(fn);
    let functions = this.moduleFunctions.get(pkg);
    if (!functions) {
      functions = mergedFunctions(this.modulePackages.get(pkg) ?? []);
      this.moduleFunctions.set(pkg, functions);
    }
    return functions.get(fn);
  }

  /**
   * What byName() holds for `fn` (the first file of all() that declares it), looked up rather than merged: a file asks
   * about a few names, and merging the functions of a package of hundreds of files costs more for each file analysed.
   */
  private packageFunction(fn: string): ParamSummary[] | undefined {
    if (this.functions) return this.functions.get(fn);
    if (this.functionsAsked.has(fn)) return this.functionsAsked.get(fn);
    let params: ParamSummary[] | undefined;
    for (const file of this.all()) if ((params = file.functions.get(fn))) break;
    this.functionsAsked.set(fn, params);
    return params;
  }

  /** The siblings with this file's package clause (computed once: a package can have hundreds of files). */
  private samePackage(): FileSummary[] {
    if (!this.siblingsOfPackage) {
      const packageName = factsOf(this.file).packageName;
      this.siblingsOfPackage = this.siblings.filter((s) => s.packageName === packageName);
    }
    return this.siblingsOfPackage;
  }

  /**
   * What a package (null: this one) offers about returned resources, its files merged. This file's part is computed on
   * its own, so a file that calls no helper does not pay for its whole summary.
   */
  private returnsOf(pkg: string | null): PackageReturns {
    let view = this.returnsByPackage.get(pkg);
    if (!view) {
      let files: readonly Pick<FileSummary, 'returners' | 'forwards'>[];
      if (pkg === null) {
        const own = factsOf(this.file);
        const ownReturns = { returners: resourceReturners(own, this.kinds), forwards: forwardedReturns(own, vocabularyOf(this.kinds).resourceTypeInList) };
        files = [ownReturns, ...this.samePackage()];
      } else {
        files = this.modulePackages.get(pkg) ?? [];
      }
      view = { returners: new Map(), forwards: new Map() };
      // Each analysed file merges its package's files: most have neither, and an empty map's iterator still costs.
      for (const f of files) {
        if (f.returners.size > 0) for (const [name, key] of f.returners) if (!view.returners.has(name)) view.returners.set(name, key);
        if (f.forwards.size > 0) for (const [name, callees] of f.forwards) view.forwards.set(name, [...(view.forwards.get(name) ?? []), ...callees]);
      }
      this.returnsByPackage.set(pkg, view);
    }
    return view;
  }

  /** Functions of the package (this file included) that return a resource of `kind` to their caller, at any depth. */
  returnersOf(kind: ResourceKind): string[] {
    let names = this.returnersByKind.get(kind.key);
    if (!names) {
      const view = this.returnsOf(null);
      names = !this.anyReturns(kind.key) ? [] : [...new Set([...view.returners.keys(), ...view.forwards.keys()])].filter((name) => this.returnsKind(null, name, kind.key, newResolution()));
      this.returnersByKind.set(kind.key, names);
    }
    return [...names];
  }

  /** Exported functions of imported module packages that return a resource of `kind` (`fsutil.OpenLocked`). */
  moduleReturnersOf(kind: ResourceKind): { importPath: string; name: string }[] {
    const found: { importPath: string; name: string }[] = [];
    if (!this.anyReturns(kind.key)) return found;
    for (const importPath of this.modulePackages.keys()) {
      const view = this.returnsOf(importPath);
      for (const name of new Set([...view.returners.keys(), ...view.forwards.keys()])) {
        if (/^[A-Z]/.test(name) && this.returnsKind(importPath, name, kind.key, newResolution())) found.push({ importPath, name });
      }
    }
    return found;
  }

  /**
   * Does some function of this package or of a module package it imports return a resource of the kind `key` itself?
   * If none does, no chain of returns reaches one (returnsKind): most kinds are returned by no helper of a package.
   */
  private anyReturns(key: string): boolean {
    if (!this.returnedKinds) {
      this.returnedKinds = new Set(this.returnsOf(null).returners.values());
      for (const importPath of this.modulePackages.keys()) for (const k of this.returnsOf(importPath).returners.values()) this.returnedKinds.add(k);
    }
    return this.returnedKinds.has(key);
  }

  /** Does `fn` of package `pkg` return a resource of the kind `key`, itself or through the functions it returns from? */
  private returnsKind(pkg: string | null, fn: string, key: string, r: Resolution): boolean {
    const view = this.returnsOf(pkg);
    if (view.returners.get(fn) === key) return true;
    const callees = view.forwards.get(fn);
    if (!callees) return false;
    const step = `${pkg ?? ''}\0${fn}`;
    if (r.trail.has(step) || r.trail.size >= MAX_HELPER_DEPTH || ++r.steps > MAX_HELPER_STEPS) return false;
    r.trail.add(step);
    try {
      return callees.some((callee) => {
        const target = calleeOf(callee, pkg);
        return this.returnsKind(target.pkg, target.fn, key, r);
      });
    } finally {
      r.trail.delete(step);
    }
  }

  /**
   * Is result `index` of the function `name` ('helper', or 'import/path.Name' of a module package) nil whenever its
   * last, bool result is false (comma-ok.ts)?
   */
  resultNilWhenFalse(name: string, index: number): boolean {
    const { pkg, fn } = calleeOf(name, null);
    const nilAt = (s: Pick<FileSummary, 'nilWhenFalse'>): boolean => s.nilWhenFalse.get(fn)?.includes(index) ?? false;
    if (pkg !== null) return (this.modulePackages.get(pkg) ?? []).some(nilAt);
    return nilAt({ nilWhenFalse: nilWhenFalse(factsOf(this.file)) }) || this.samePackage().some(nilAt);
  }

  /** Does the function `name` ('helper' of the package, or 'import/path.Name') return a debug-only mux (debugMuxMakers)? */
  returnsDebugMux(name: string): boolean {
    const { pkg, fn } = calleeOf(name, null);
    const files = pkg !== null ? (this.modulePackages.get(pkg) ?? []) : this.samePackage();
    return files.some((s) => !s.testFile && s.debugMuxMakers.has(fn));
  }

  /** Does the function `name` ('helper', or 'import/path.Name' of a module package) end the program on every path? */
  neverReturns(name: string): boolean {
    const { pkg, fn } = calleeOf(name, null);
    if (pkg !== null) return (this.modulePackages.get(pkg) ?? []).some((s) => s.noReturn.has(fn));
    if (noReturnFunctions(this.file.tree).has(name)) return true;
    return this.samePackage().some((s) => s.noReturn.has(name));
  }

  /** Is `.field` read (called, passed, compared) anywhere in the package? */
  fieldRead(field: string): boolean {
    return this.all().some((f) => f.fieldsRead.has(field));
  }

  /**
   * What calling `fn` ('helper', '.method', or 'import/path.Name' of a module package) does to the resource passed as
   * argument `index`. `passedResource` is true when the argument is the resource itself (resp.Body) rather than the
   * variable holding it (resp). Undefined when the function is unknown.
   */
  paramEffect(fn: string, index: number, kind: ResourceKind, passedResource: boolean): ParamEffect | undefined {
    if (index < 0) return undefined;
    const callee = calleeOf(fn, null);
    const params = this.paramsOf(callee.pkg, callee.fn);
    const param = params?.[Math.min(index, params.length - 1)];
    if (!param) return undefined;
    const prefix = passedResource || kind.resourcePath.length === 0 ? '' : `${kind.resourcePath.join('.')}.`;
    const wanted = [
      ...kind.releaseMethods.map((m) => (m === '()' ? '()' : `${prefix}${m}`)),
      ...(kind.releaseFunctions ?? []).map((f) => `${f.importPath}.${f.name}`),
    ];
    if (wanted.some((chain) => this.releasesThrough(callee.pkg, callee.fn, index, chain, newResolution()))) return 'releases';
    return param.escapes || param.releases.length > 0 || param.delegated ? 'escapes' : 'borrows';
  }

  /**
   * Does `fn` of package `pkg` apply `chain` to its parameter `index` on every path, itself or through the helpers it
   * hands the parameter to? A helper already on the chain (recursion), a chain deeper than MAX_HELPER_DEPTH or a
   * question costing more than MAX_HELPER_STEPS summaries answers no: unknown, so the caller counts an escape.
   */
  private releasesThrough(pkg: string | null, fn: string, index: number, chain: string, r: Resolution): boolean {
    const params = this.paramsOf(pkg, fn);
    const param = params?.[Math.min(index, params.length - 1)];
    if (!param) return false;
    if (param.releases.includes(chain)) return true;
    const delegated = param.delegated?.find((d) => d.chain === chain);
    if (!delegated) return false;
    const key = `${pkg ?? ''}\0${fn}\0${Math.min(index, params!.length - 1)}\0${chain}`;
    const known = this.resolved.get(key);
    if (known !== undefined) return known;
    if (r.trail.has(key) || r.trail.size >= MAX_HELPER_DEPTH || ++r.steps > MAX_HELPER_STEPS) {
      r.cut = true;
      return false;
    }
    const cutBefore = r.cut;
    r.cut = false;
    r.trail.add(key);
    const releases = delegated.calls.every((call) => {
      const callee = calleeOf(call.callee, pkg);
      return this.releasesThrough(callee.pkg, callee.fn, call.index, call.chain, r);
    });
    r.trail.delete(key);
    if (!r.cut) this.resolved.set(key, releases);
    r.cut ||= cutBefore;
    return releases;
  }
}

/** A package's returners and forwards, its files merged. */
type PackageReturns = Pick<FileSummary, 'returners' | 'forwards'>;

function newResolution(): Resolution {
  return { trail: new Set(), steps: 0, cut: false };
}

/** The functions of a package's files by name (the first file declaring a name wins, as the compiler would refuse two). */
function mergedFunctions(files: readonly FileSummary[]): Map<string, ParamSummary[]> {
  const functions = new Map<string, ParamSummary[]>();
  for (const f of files) for (const [name, params] of f.functions) if (!functions.has(name)) functions.set(name, params);
  return functions;
}

/** 'import/path.Name' → that package and name; 'helper' and '.method' → the package `home` they were seen in. */
function calleeOf(callee: string, home: string | null): { pkg: string | null; fn: string } {
  const dot = callee.lastIndexOf('.');
  if (dot <= 0) return { pkg: home, fn: callee };
  return { pkg: callee.slice(0, dot), fn: callee.slice(dot + 1) };
}
