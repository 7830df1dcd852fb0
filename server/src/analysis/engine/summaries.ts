// Same-package helper summaries: what each top-level function does to each parameter, so that
// `defer closeBody(resp)` or `drain(resp.Body)` is understood one call deep.
// A summary is computed per file (cacheable: an edit re-summarises its own file only) and merged per package.
import { rootOf } from '../ast';
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { fieldsRead } from './fields';
import { factsOf } from './file-facts';
import { releaseOnlyKind, type ResourceKind } from './kinds';
import { vocabularyOf, type Probe } from './summary-vocabulary';
import { OPEN, PathWalker } from './paths';
import { tooDeepToAnalyse } from '../flow/nesting';
import { noReturnFunctions } from '../flow/no-return';
import { resourceReturners } from './returners';
import { callIndexOf, type CallIndex } from '../flow/call-sites';

export type ParamEffect = 'releases' | 'borrows' | 'escapes';

export interface ParamSummary {
  name: string;
  /** Release chains applied on every path, relative to the parameter: 'Close', 'Body.Close', 'Stop', '()', 'os/signal.Stop' (from the kinds). */
  releases: string[];
  /** Handed on (returned, stored, passed further) or released on some paths only. */
  escapes: boolean;
}

export interface FileSummary {
  packageName: string;
  /** Keyed by function name; methods by '.' + method name. */
  functions: Map<string, ParamSummary[]>;
  /** Field and method names read through a selector anywhere in the file (fields.ts). */
  fieldsRead: Set<string>;
  /** Functions that return a resource they acquired, by the kind of resource (returners.ts). */
  returners: Map<string, string>;
  /** Functions that never return: every path exits the program (flow/no-return.ts). */
  noReturn: ReadonlySet<string>;
  /** Where the file calls or mentions functions (flow/call-sites.ts), for runs-once across the package's files. */
  calls: CallIndex;
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

function computeSummary(file: GoFile, kinds: readonly ResourceKind[]): FileSummary {
  const facts = factsOf(file);
  // A file too deeply nested to analyse (flow/nesting.ts) contributes nothing its siblings could rely on.
  if (tooDeepToAnalyse(file.tree)) return { packageName: facts.packageName, functions: new Map(), fieldsRead: new Set(), returners: new Map(), noReturn: new Set(), calls: { calls: new Map(), values: new Set(), commandTypes: new Set() } };
  const { probes, resourceType, resourceTypeInList } = vocabularyOf(kinds);
  const functions = new Map<string, ParamSummary[]>();
  for (const decl of rootOf(file.tree).namedChildren) {
    if (decl?.type !== 'function_declaration' && decl?.type !== 'method_declaration') continue;
    const name = decl.childForFieldName('name')?.text;
    const body = decl.childForFieldName('body');
    if (!name || !body) continue;
    const key = decl.type === 'method_declaration' ? `.${name}` : name;
    const list = decl.childForFieldName('parameters');
    // Most functions take no resource: test the parameter list's text before looking at each parameter.
    if (!list || !resourceTypeInList.test(file.text.slice(list.startIndex, list.endIndex))) {
      functions.set(key, []);
      continue;
    }
    let bodyText: string | undefined;
    const params = parameters(list).map((p) =>
      resourceType.test(p.type) ? summarizeParam(p.name, body, (bodyText ??= file.text.slice(body.startIndex, body.endIndex)), file, probes) : { name: p.name, releases: [], escapes: true },
    );
    functions.set(key, params);
  }
  return { packageName: facts.packageName, functions, fieldsRead: fieldsRead(file.text), returners: resourceReturners(facts, kinds), noReturn: noReturnFunctions(file.tree), calls: callIndexOf(file) };
}

function parameters(list: SyntaxNode | null): { name: string; type: string }[] {
  const params: { name: string; type: string }[] = [];
  for (const decl of list?.namedChildren ?? []) {
    if (decl?.type !== 'parameter_declaration' && decl?.type !== 'variadic_parameter_declaration') continue;
    const type = decl.childForFieldName('type')?.text ?? '';
    const ids = decl.namedChildren.filter((c) => c?.type === 'identifier');
    if (ids.length === 0) params.push({ name: '_', type });
    for (const id of ids) params.push({ name: id!.text, type });
  }
  return params;
}

function summarizeParam(name: string, body: SyntaxNode, bodyText: string, file: GoFile, probes: readonly Probe[]): ParamSummary {
  if (name === '_' || !new RegExp(`\\b${name}\\b`).test(bodyText)) return { name, releases: [], escapes: false };
  const facts = factsOf(file);
  const walk = (kind: ResourceKind): PathWalker | null => {
    const walker = new PathWalker({ name, kind, errName: null, acquisition: body, facts }, false);
    return walker.runBody(body, OPEN) ? walker : null;
  };
  const releases: string[] = [];
  let touched = false;
  for (const probe of probes) {
    if (!bodyText.includes(probe.needle(name))) continue;
    touched = true;
    if (walk(releaseOnlyKind(probe.resourcePath, probe.releaseMethods, probe.releaseFunctions))?.leaks.size === 0) releases.push(probe.chain);
  }
  if (!touched) {
    // No release anywhere: does some path hand the parameter on (return, store, pass further)?
    const walker = walk(releaseOnlyKind([], []));
    touched = !walker || walker.handedOff;
  }
  return { name, releases, escapes: releases.length === 0 && touched };
}

/**
 * The summaries of one package: the analysed file and its siblings (other files of the same folder with the same
 * package clause). The file's own summary is computed on first use, so files that never call a helper pay nothing.
 */
export class PackageSummaries {
  private functions: Map<string, ParamSummary[]> | undefined;
  private files: FileSummary[] | undefined;
  private siblingsOfPackage: FileSummary[] | undefined;
  /** Kind key → returner names, this file's first, then the siblings' in order (one pass over the package). */
  private returnersByKind: Map<string, Set<string>> | undefined;

  constructor(
    private readonly file: GoFile,
    private readonly siblings: readonly FileSummary[],
    private readonly kinds: readonly ResourceKind[],
  ) {
    packages.set(file, this);
  }

  /** The call indexes of the package's other files (the analysed file's own comes from its tree). */
  siblingCallIndexes(): CallIndex[] {
    return this.all().slice(1).map((s) => s.calls);
  }

  private all(): FileSummary[] {
    if (!this.files) {
      const own = summarizeFile(this.file, this.kinds);
      this.files = [own, ...this.siblings.filter((s) => s !== own && s.packageName === own.packageName)];
    }
    return this.files;
  }

  private byName(): Map<string, ParamSummary[]> {
    if (!this.functions) {
      this.functions = new Map();
      for (const f of this.all()) for (const [name, params] of f.functions) if (!this.functions.has(name)) this.functions.set(name, params);
    }
    return this.functions;
  }

  /** The siblings with this file's package clause (computed once: a package can have hundreds of files). */
  private samePackage(): FileSummary[] {
    if (!this.siblingsOfPackage) {
      const packageName = factsOf(this.file).packageName;
      this.siblingsOfPackage = this.siblings.filter((s) => s.packageName === packageName);
    }
    return this.siblingsOfPackage;
  }

  /** Functions of the package (this file included) that return a resource of `kind` to their caller. Read-only. */
  returnersOf(kind: ResourceKind): string[] {
    if (!this.returnersByKind) {
      this.returnersByKind = new Map();
      const maps = [resourceReturners(factsOf(this.file), this.kinds), ...this.samePackage().map((s) => s.returners)];
      for (const m of maps) {
        for (const [name, key] of m) {
          const names = this.returnersByKind.get(key);
          if (names) names.add(name);
          else this.returnersByKind.set(key, new Set([name]));
        }
      }
    }
    return [...(this.returnersByKind.get(kind.key) ?? [])];
  }

  /** Does the package function `name` end the program on every path? */
  neverReturns(name: string): boolean {
    if (noReturnFunctions(this.file.tree).has(name)) return true;
    return this.samePackage().some((s) => s.noReturn.has(name));
  }

  /** Is `.field` read (called, passed, compared) anywhere in the package? */
  fieldRead(field: string): boolean {
    return this.all().some((f) => f.fieldsRead.has(field));
  }

  /**
   * What calling `fn` does to the resource passed as argument `index`. `passedResource` is true when the argument is the
   * resource itself (resp.Body) rather than the variable holding it (resp). Undefined when the function is unknown.
   */
  paramEffect(fn: string, index: number, kind: ResourceKind, passedResource: boolean): ParamEffect | undefined {
    const params = this.byName().get(fn);
    if (!params || index < 0) return undefined;
    const param = params[Math.min(index, params.length - 1)];
    if (!param) return undefined;
    const prefix = passedResource || kind.resourcePath.length === 0 ? '' : `${kind.resourcePath.join('.')}.`;
    const wanted = [
      ...kind.releaseMethods.map((m) => (m === '()' ? '()' : `${prefix}${m}`)),
      ...(kind.releaseFunctions ?? []).map((f) => `${f.importPath}.${f.name}`),
    ];
    if (param.releases.some((r) => wanted.includes(r))) return 'releases';
    return param.escapes ? 'escapes' : param.releases.length > 0 ? 'escapes' : 'borrows';
  }
}
