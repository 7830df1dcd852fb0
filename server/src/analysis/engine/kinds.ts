// What a lifecycle rule tells the engine about its resource: which calls acquire it, which calls release it, and which
// parameter types a helper can receive it as. Each lifecycle rule defines its kinds in its own module and lists them in
// `Rule.resources`; the engine (helper summaries included, summaries.ts) derives everything else from them.
import { packageCall } from '../ast';
import type { SyntaxNode } from '../parser';
import type { RuleId } from '../types';
import { callsNamed, type FileFacts } from './file-facts';

export interface ResourceKind {
  rule: RuleId;
  /** Names the kind in summaries (FileSummary.returners): 'body', 'file', 'cancel'… */
  key: string;
  /** Which result of the acquiring call is the resource (0: resp, f, ticker; 1: cancel), or 'first-argument' (signal.Notify(ch)). */
  resource: number | 'first-argument';
  /** The call also returns an error as its last result (`resp, err := …`). */
  returnsError: boolean;
  /** A same-package helper can hand the resource to its caller through its results (not time.Tick: no owner). */
  returnedByHelpers: boolean;
  /** Fields from the variable to the thing released: ['Body'] for a response, [] otherwise. */
  resourcePath: string[];
  /** Methods on the resource that release it; '()' means calling the variable itself (a cancel func). */
  releaseMethods: string[];
  /** Package functions releasing their first argument: signal.Stop(ch). */
  releaseFunctions?: { importPath: string; name: string }[];
  /**
   * Parameter types a same-package helper can receive the resource (or the thing at resourcePath) as, by the type's last
   * identifier: ['Response', 'ReadCloser'…] for a response; 'func()' stands for exactly that type. Helpers taking none of
   * the kinds' types are not summarised: their arguments count as handed off.
   */
  resourceTypes: string[];
  /** A method that releases the resource once it returns false: a `for rows.Next() {` loop that ends normally drained it. */
  drainedBy?: string;
  /** For resources that start idle (exec.Cmd): the methods that make them need a release. */
  openMethods?: string[];
  /**
   * The channel field the resource delivers on (a ticker's or timer's `C`): `time.NewTicker(d).C` throws the resource
   * away, and a goroutine that loops forever on `t.C` pins it.
   */
  channelField?: string;
  /** Acquiring calls whose resource is spent once its channel field delivered (`<-timer.C` on time.NewTimer). */
  spentAfterReceive?: string[];
  /** Used where it is written (`for range time.Tick(d)`): judged over that statement, and a bare call discards nothing. */
  usedInPlace?: boolean;
  /** Nobody ever closes the channel (time.Tick's, signal.Notify's): a range over the tracked name never ends. */
  channelNeverClosed?: boolean;
  /**
   * A handle field whose methods also release the resource: `cmd.Process.Wait()` (or `p := cmd.Process; p.Wait()`)
   * reaps the command's process as `cmd.Wait()` does.
   */
  handleRelease?: { field: string; methods: string[] };
  /**
   * Methods on the fresh resource whose failure is not judged (`conn.SetDeadline(…)` fails only on a closed conn):
   * exits on the failure branch of their error are not leak paths; other exits still are.
   */
  failuresNotJudged?: string[];
  /**
   * A `defer` that releases it inside a loop without bound holds every turn's resource until the function returns: a leak
   * (engine/deferred-in-loop.ts).
   */
  heldByDeferInLoop?: boolean;
  /** A closure that captures the resource and runs later counts as handing it off. */
  closureCaptureHandsOff: boolean;
  /** Verb for related messages: "closing", "stopping", "calling". */
  verb: string;
  /** Recognises an acquiring call (already known to call one of `names` as `x.Name(…)`). */
  matches(call: SyntaxNode, facts: FileFacts): boolean;
  /** Callee names of the acquiring calls (`Open`, `NewTicker`…). */
  names: string[];
}

/** What a kind says beyond the defaults of resourceKind(). */
type KindSpec = Omit<ResourceKind, 'resource' | 'resourcePath' | 'closureCaptureHandsOff' | 'returnedByHelpers'> & Partial<ResourceKind>;

/**
 * A kind with the defaults most share: the first result is the resource, released through the variable itself; a
 * closure that captures it takes it over; a same-package helper may return it to its caller.
 */
export function resourceKind(spec: KindSpec): ResourceKind {
  return { resource: 0, resourcePath: [], closureCaptureHandsOff: true, returnedByHelpers: true, ...spec };
}

/** `ctx, cancel := …` (context.WithCancel, signal.NotifyContext): the second result is a function released by calling it. */
export function cancelFunctionKind(rule: RuleId, key: string, names: string[], matches: ResourceKind['matches']): ResourceKind {
  const resourceTypes = ['CancelFunc', 'CancelCauseFunc', 'func()'];
  return resourceKind({ rule, key, resource: 1, returnsError: false, releaseMethods: ['()'], resourceTypes, verb: 'calling', names, matches });
}

/**
 * For walking a name that was not acquired here (a parameter, or nothing at all): only the given release calls
 * matter. It matches no call and its rule is never reported.
 */
export function releaseOnlyKind(resourcePath: string[], releaseMethods: string[], releaseFunctions?: ResourceKind['releaseFunctions']): ResourceKind {
  return resourceKind({
    rule: 'unclosed-file',
    key: 'release-only',
    returnsError: false,
    returnedByHelpers: false,
    resourcePath,
    releaseMethods,
    releaseFunctions,
    resourceTypes: [],
    verb: '',
    names: [],
    matches: () => false,
  });
}

/** A call of one of `names` from the package `importPath`, under whatever name the file imports it. */
export function isPkg(call: SyntaxNode, facts: FileFacts, importPath: string, names: readonly string[]): boolean {
  const target = packageCall(call, facts.imports);
  return target !== null && target.importPath === importPath && names.includes(target.name);
}

/**
 * The call's results are bound to some number of names other than two (`err := conn.Query(ctx, q, args, &rows)`,
 * `conn, resp, err := dialer.Dial(…)`): it is not a standard function that returns (resource, error), whatever its
 * receiver is called. Only the sole value of an assignment, `:=` or `var` is judged; any other use says nothing.
 */
export function boundToOtherThanTwo(call: SyntaxNode): boolean {
  const list = call.parent;
  const statement = list?.type === 'expression_list' ? list.parent : null;
  if (statement?.type !== 'short_var_declaration' && statement?.type !== 'assignment_statement' && statement?.type !== 'var_spec') return false;
  if (list!.namedChildren.filter((c) => c?.type !== 'comment').length !== 1) return false;
  const names = statement.type === 'var_spec'
    ? statement.childrenForFieldName('name')
    : (statement.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? []);
  if (statement.type !== 'var_spec' && statement.childForFieldName('right')?.id !== list!.id) return false;
  return names.length !== 2;
}

export function argumentCount(call: SyntaxNode): number {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment').length ?? 0;
}

const acquisitionsByFile = new WeakMap<FileFacts, Map<ResourceKind, SyntaxNode[]>>();

/**
 * Acquiring calls of `kind` in the file, in source order (memoised per file: the summaries, the rule and other kinds'
 * matchers ask for the same ones; read-only).
 */
export function acquisitionsOf(kind: ResourceKind, facts: FileFacts): readonly SyntaxNode[] {
  let byKind = acquisitionsByFile.get(facts);
  if (!byKind) acquisitionsByFile.set(facts, (byKind = new Map()));
  let acquisitions = byKind.get(kind);
  if (!acquisitions) {
    const calls = kind.names.flatMap((n) => callsNamed(facts, n));
    acquisitions = calls.filter((c) => kind.matches(c, facts)).sort((a, b) => a.startIndex - b.startIndex);
    byKind.set(kind, acquisitions);
  }
  return acquisitions;
}
