// Path-sensitive walk of one function from an acquisition to every exit. The state of the resource on a path is a
// bit set (a join over paths): OPEN needs a release, DONE is released or handed off, NIL means the acquisition
// failed (`if err != nil` branch), IDLE is an exec.Cmd not started yet, STALE is open while the error variable has
// since been reassigned on that path (so a later `err != nil` no longer says anything about the resource), FLAGGED is
// open with a local flag set true beside the acquisition (`didOpen = true`), so `if didOpen { f.Close() }` releases it
// and the flag's false branch never sees it. Statements are interpreted structurally
// (if/for/switch/select/labels/break/continue); closures are never entered as control flow.
// Recursion follows statement nesting only and stops at MAX_DEPTH, so deeply nested code cannot overflow the stack.
import { enclosingFunction, rootOf, statementsOf } from '../ast';
import { combinedFailureBranch, failureBranch, type ReleasedNames } from '../flow/error-branch';
import type { SyntaxNode } from '../parser';
import { assignmentPattern } from '../syntax/assignments';
import { packageVariables } from '../syntax/value-flow';
import { textHas } from './file-facts';
import { argumentCount } from './kinds';
import { scanUses, selectorChain, type Tracked, type UseFacts } from './uses';
import { isStandardStreamBranch, standardStreamBranch } from './standard-streams';

/** A descriptor number read anywhere in the file (`f.Fd()`): most files never do, and their conditions need no closer look. */
const DESCRIPTOR_READ = '\\.Fd\\(\\)';
/** A standard stream of package os named anywhere in the file: most files compare no file with one. */
const STANDARD_STREAM_NAMED = '\\.Std(?:in|out|err)\\b';

export const OPEN = 1;
export const DONE = 2;
export const NIL = 4;
export const IDLE = 8;
export const STALE = 16;
export const FLAGGED = 32;
/** States that still need a release. */
const LIVE = OPEN | STALE | FLAGGED;

const MAX_DEPTH = 200;

export type ExitReason = 'return' | 'end' | 'iteration' | 'overwritten' | 'pinned';

export interface Leak {
  /** The return statement, the closing brace, or the goroutine that pins the resource. */
  node: SyntaxNode;
  reason: ExitReason;
}

interface Jump {
  label: string | null;
  mask: number;
}

interface Flow {
  out: number;
  breaks: Jump[];
  continues: Jump[];
}

class TooDeep extends Error {}

const FUNCTION_NODES = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const CASE_NODES = new Set(['expression_case', 'default_case', 'type_case', 'communication_case']);

function release(mask: number): number {
  return mask & (LIVE | IDLE) ? (mask & ~(LIVE | IDLE)) | DONE : mask;
}

/** The guarded branch where the acquisition failed; `states` are the ones the guard speaks about. */
function failed(mask: number, states: number): number {
  return mask & states ? (mask & ~states) | NIL : mask;
}

function flow(out: number): Flow {
  return { out, breaks: [], continues: [] };
}

export class PathWalker {
  readonly leaks = new Map<number, Leak>();
  /** Set when the resource is stored in a struct field (for kinds that check the field is ever released). */
  storedField: { name: string; node: SyntaxNode } | null = null;
  /** Some path released or handed off the resource. */
  handedOff = false;
  /** Some path released the resource itself (called, closed, stopped), not just handed it off. */
  released = false;
  /** The local closure that took the resource over (`cleanup := func() { cancel() }`), when one did. */
  holder: { name: string; node: SyntaxNode } | null = null;
  private readonly factsCache = new Map<number, UseFacts>();
  private depth = 0;
  /** The local flag set true on the paths where the resource is open (`didOpen = true`), once one is. */
  private flag: string | null = null;

  constructor(
    private readonly t: Tracked,
    /** The resource variable is a named result: every return hands it to the caller. */
    private readonly namedResult: boolean,
    /**
     * The statement that acquires the resource, when the walk starts after it. Reaching it again (the next iteration
     * of a loop) overwrites the variable: the walk of that path ends there, as a leak when the resource is still live.
     */
    private readonly acquisition: { statement: SyntaxNode; declaredInLoop: boolean } | null = null,
    /** Statements the walk passes over as if absent (the defers of engine/deferred-in-loop.ts, which run only later). */
    private readonly ignored: ReadonlySet<number> = new Set(),
  ) {}

  /**
   * Walks from `start` (a statement) to the end of the function. `includeStart` runs the start statement itself
   * (time.Tick in a loop header); otherwise the walk begins right after it, with `mask` as the state.
   * Returns false when the function was too deeply nested to judge.
   */
  run(start: SyntaxNode, mask: number, mode: 'after' | 'whole' | 'after-initializer'): boolean {
    try {
      let state: Flow;
      if (mode === 'whole') state = this.exec(start, mask);
      else if (mode === 'after-initializer') state = this.execIf(start, mask, true);
      else state = flow(mask);
      this.climb(start, state);
      return true;
    } catch (err) {
      if (err instanceof TooDeep) return false;
      throw err;
    }
  }

  /** Walks a whole function body from its first statement (for parameter summaries). */
  runBody(body: SyntaxNode, mask: number): boolean {
    try {
      const state = this.execList(statementsOf(body), flow(mask));
      if (state.out & LIVE) this.leak(body.lastChild ?? body, 'end');
      return true;
    } catch (err) {
      if (err instanceof TooDeep) return false;
      throw err;
    }
  }

  /** Continues after `node` in each enclosing construct until the function body ends. */
  private climb(start: SyntaxNode, initial: Flow): void {
    let node = start;
    let state = initial;
    for (let guard = 0; guard < 10_000; guard++) {
      const holder = node.parent;
      if (!holder) return;
      if (holder.type === 'statement_list' || holder.type === 'block' || CASE_NODES.has(holder.type)) {
        state = this.execRest(holder, node, state);
        const owner = holder.type === 'statement_list' ? holder.parent : holder;
        if (!owner) return;
        if (CASE_NODES.has(owner.type)) {
          const switchNode = owner.parent;
          if (!switchNode) return;
          state = consumeBreaks(state, labelOf(switchNode));
          node = switchNode;
          continue;
        }
        // owner is a block
        const construct = owner.parent;
        if (!construct) return;
        if (FUNCTION_NODES.has(construct.type)) {
          if (state.out & LIVE) this.leak(owner.lastChild ?? owner, 'end');
          return;
        }
        if (construct.type === 'for_statement' && construct.childForFieldName('body')?.id === owner.id) {
          const label = labelOf(construct);
          const endOfIteration = state.out | jumpsFor(state.continues, label);
          let exits = jumpsFor(state.breaks, label) | (this.loopCanEnd(construct) ? this.whenLoopEnds(construct, endOfIteration) : 0);
          if (this.acquisition?.declaredInLoop === false) {
            // The variable outlives the iteration: run the body once more, up to the acquisition or the loop's end.
            const again = this.exec(owner, this.whenLoopRuns(construct, endOfIteration));
            const secondEnd = again.out | jumpsFor(again.continues, label);
            exits |= jumpsFor(again.breaks, label) | (this.loopCanEnd(construct) ? this.whenLoopEnds(construct, secondEnd) : 0);
            state = { out: exits, breaks: [...otherJumps(state.breaks, label), ...otherJumps(again.breaks, label)], continues: otherJumps(state.continues, label) };
          } else {
            if (endOfIteration & LIVE) this.leak(owner.lastChild ?? owner, 'iteration');
            state = { out: exits, breaks: otherJumps(state.breaks, label), continues: otherJumps(state.continues, label) };
          }
          node = construct;
          continue;
        }
        // The body of an if/else, or a plain block statement: carry on after it.
        node = construct.type === 'if_statement' ? construct : owner;
        continue;
      }
      if (holder.type === 'labeled_statement') {
        state = consumeBreaks(state, holder.childForFieldName('label')?.text ?? null, true);
        node = holder;
        continue;
      }
      if (holder.type === 'if_statement') {
        // the start was the alternative `else if …` statement itself
        node = holder;
        continue;
      }
      return;
    }
  }

  /** Runs the statements after `after` in `holder`. */
  private execRest(holder: SyntaxNode, after: SyntaxNode, state: Flow): Flow {
    const statements = statementsOf(holder.type === 'statement_list' ? holder.parent : holder);
    const index = statements.findIndex((s) => s.id === after.id);
    return this.execList(statements.slice(index + 1), state);
  }

  private execList(statements: SyntaxNode[], initial: Flow): Flow {
    let state = initial;
    for (const statement of statements) {
      if (state.out === 0) break;
      const next = this.exec(statement, state.out);
      state = { out: next.out, breaks: [...state.breaks, ...next.breaks], continues: [...state.continues, ...next.continues] };
    }
    return state;
  }

  private exec(statement: SyntaxNode, mask: number): Flow {
    if (++this.depth > MAX_DEPTH) throw new TooDeep();
    try {
      return this.execStatement(statement, mask);
    } finally {
      this.depth--;
    }
  }

  private execStatement(s: SyntaxNode, mask: number): Flow {
    if (this.ignored.has(s.id)) return flow(mask);
    if (s.id === this.acquisition?.statement.id) {
      if (mask & LIVE) this.leak(s, 'overwritten');
      return flow(0);
    }
    switch (s.type) {
      case 'block':
        return this.execList(statementsOf(s), flow(mask));
      case 'return_statement': {
        const facts = this.facts(s);
        if (facts.storedField && !this.storedField) this.storedField = { name: facts.storedField, node: s };
        // `return cmd.Start()` starts the command on the way out.
        const live = facts.opens && mask & IDLE ? mask | OPEN : mask;
        // `return srv.Serve(l)`: the resource is handed on (or released) on the way out, like anywhere else.
        if ((facts.escape || facts.release) && live & (LIVE | IDLE)) {
          this.handedOff = true;
          if (facts.release) this.released = true;
        }
        if (!facts.escape && !facts.release && !this.namedResult && live & LIVE) this.leak(s, 'return');
        return flow(0);
      }
      case 'if_statement':
        return this.execIf(s, mask, false);
      case 'for_statement':
        return this.execFor(s, mask, labelOf(s));
      case 'expression_switch_statement':
      case 'type_switch_statement':
      case 'select_statement':
        return this.execSwitch(s, mask);
      case 'labeled_statement': {
        const inner = s.namedChildren.find((c) => c !== null && c.type !== 'label_name' && c.type !== 'comment');
        if (!inner) return flow(mask);
        return consumeBreaks(this.exec(inner, mask), s.childForFieldName('label')?.text ?? null, true);
      }
      case 'break_statement':
        return { out: 0, breaks: [{ label: s.namedChild(0)?.text ?? null, mask }], continues: [] };
      case 'continue_statement':
        return { out: 0, breaks: [], continues: [{ label: s.namedChild(0)?.text ?? null, mask }] };
      case 'goto_statement':
        return flow(0);
      default: {
        const flagged = this.setsFlag(s, mask);
        if (flagged !== null) return flow(flagged);
        const holder = this.closureHolder(s);
        if (holder) {
          // From here on the closure is the resource: calling it releases it, returning or passing it hands it on.
          this.holder = { name: holder, node: s };
          this.t.name = holder;
          return flow(mask);
        }
        return flow(this.apply(this.facts(s), mask, s));
      }
    }
  }

  /**
   * `cleanup := func() { cancel() }` right beside the acquisition, for a resource released by calling it (a cancel
   * function), when the function never names the resource again: the closure variable now holds it, so a path that
   * drops the closure without calling or returning it leaks. Anything less plain keeps the closure a release.
   */
  private closureHolder(s: SyntaxNode): string | null {
    const name = this.t.name;
    if (!name || !this.t.kind.releaseMethods.includes('()') || s.type !== 'short_var_declaration') return null;
    if (!this.acquisition || s.parent?.id !== this.acquisition.statement.parent?.id) return null;
    const left = s.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const right = s.childForFieldName('right')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const holder = left[0];
    if (left.length !== 1 || right.length !== 1 || right[0]?.type !== 'func_literal' || holder?.type !== 'identifier' || holder.text === '_') return null;
    const facts = this.facts(s);
    if (!facts.release || facts.escape || facts.exit) return null;
    const body = enclosingFunction(s)?.childForFieldName('body');
    if (!body) return null;
    const rest = this.t.facts.file.text.slice(s.endIndex, body.endIndex);
    return new RegExp(`\\b${name}\\b`).test(rest) ? null : holder.text;
  }

  private execIf(s: SyntaxNode, mask: number, skipInitializer: boolean): Flow {
    let m = mask;
    const initializer = s.childForFieldName('initializer');
    if (initializer && !skipInitializer) m = this.apply(this.facts(initializer), m, initializer);
    const condition = s.childForFieldName('condition');
    if (condition) m = this.apply(this.facts(condition), m, condition);
    if (m === 0) return flow(0);
    const guard = condition ? this.nilGuard(condition, this.derivedError(initializer ?? previousStatement(s))) : null;
    const consequence = s.childForFieldName('consequence');
    const alternative = s.childForFieldName('alternative');
    const states = guard?.states ?? 0;
    const flagBranch = condition ? this.flagTest(condition) : null;
    let thenMask = guard?.branch === 'then' ? failed(m, states) : m;
    if (flagBranch === 'else') thenMask &= ~FLAGGED;
    // `if err := conn.SetDeadline(…); err != nil { return err }`: that failure is not judged (kinds.ts).
    if (this.unjudgedFailure(initializer, condition)) thenMask = release(thenMask);
    // `if f.Fd() > 2 { f.Close(); break }`: a file on a standard stream's descriptor is kept on purpose, and `if out !=
    // os.Stdout { defer out.Close() }` closes a file only when it is no standard stream (standard-streams.ts).
    const keptAsStandardStream = condition && this.t.name ? this.standardStreamSide(condition, this.t.name) : null;
    if (keptAsStandardStream === 'then') thenMask = release(thenMask);
    const thenFlow = consequence ? this.exec(consequence, thenMask) : flow(thenMask);
    let elseMask = guard?.branch === 'else' ? failed(m, states) : m;
    if (flagBranch === 'then') elseMask &= ~FLAGGED;
    if (keptAsStandardStream === 'else') elseMask = release(elseMask);
    const elseFlow = alternative ? this.exec(alternative, elseMask) : flow(elseMask);
    return merge(thenFlow, elseFlow);
  }

  /** The branch of `condition` where the file `name` is a standard stream (standard-streams.ts), or null. */
  private standardStreamSide(condition: SyntaxNode, name: string): 'then' | 'else' | null {
    const byDescriptor = textHas(this.t.facts, DESCRIPTOR_READ) ? standardStreamBranch(condition, name) : null;
    if (byDescriptor !== null) return byDescriptor;
    const osNames = this.t.facts.imports.get('os');
    return osNames && textHas(this.t.facts, STANDARD_STREAM_NAMED) ? isStandardStreamBranch(condition, name, osNames) : null;
  }

  /**
   * `flag = true` while the resource is open: those paths become FLAGGED, the first such flag the walk meets being the
   * one it follows. The new mask, or null when the statement is not such an assignment.
   */
  private setsFlag(s: SyntaxNode, mask: number): number | null {
    if (s.type !== 'assignment_statement' || s.childForFieldName('operator')?.text !== '=') return null;
    const left = s.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const right = s.childForFieldName('right')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const flag = left[0];
    if (left.length !== 1 || right.length !== 1 || right[0]?.type !== 'true' || flag?.type !== 'identifier') return null;
    if (flag.text === this.t.name || (this.flag !== null && this.flag !== flag.text)) return null;
    if (!(mask & (OPEN | STALE))) return this.flag === flag.text ? mask : null;
    if (this.flag === null && !this.isPrivateFlag(flag.text)) return null;
    this.flag = flag.text;
    return (mask & ~(OPEN | STALE)) | FLAGGED;
  }

  /**
   * Only a plain local of the function can be followed: declared in its body (`:=` or `var`), never assigned or
   * addressed inside a closure (a closure run later could clear it where the walk does not look).
   */
  private isPrivateFlag(name: string): boolean {
    const body = enclosingFunction(this.t.acquisition)?.childForFieldName('body');
    if (!body || !/^\w+$/.test(name)) return false;
    const declared = new RegExp(`\\bvar\\s+(?:\\w+\\s*,\\s*)*${name}\\b|(?:^|[^.\\w])${name}\\s*(?:,\\s*\\w+\\s*)*:=|,\\s*${name}\\s*(?:,\\s*\\w+\\s*)*:=`);
    if (!declared.test(body.text)) return false;
    const touched = new RegExp(`(?:^|[^.\\w])${name}\\s*(?:,\\s*[\\w.]+\\s*)*:?=(?!=)|&\\s*${name}\\b`);
    const stack: SyntaxNode[] = [body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'func_literal') {
        if (touched.test(node.text)) return false;
        continue;
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    return true;
  }

  /** The branch of `if flag {` (or `if !flag {`) taken while the flag is true; null for any other condition. */
  private flagTest(condition: SyntaxNode): 'then' | 'else' | null {
    if (this.flag === null) return null;
    let node = condition;
    let negated = false;
    for (let guard = 0; guard < 100; guard++) {
      if (node.type === 'parenthesized_expression' && node.namedChild(0)) node = node.namedChild(0)!;
      else if (node.type === 'unary_expression' && node.childForFieldName('operator')?.type === '!' && node.childForFieldName('operand')) {
        node = node.childForFieldName('operand')!;
        negated = !negated;
      } else break;
    }
    if (node.type !== 'identifier' || node.text !== this.flag) return null;
    return negated ? 'else' : 'then';
  }

  /** Does `node` assign the flag (or take its address) other than by `flag = true`? Then it may be false while open. */
  private reassignsFlag(node: SyntaxNode): boolean {
    if (this.flag === null) return false;
    const f = this.flag.replace(/[^\w]/g, '');
    return new RegExp(assignmentPattern(f, { address: true })).test(node.text);
  }

  /**
   * An if whose condition tests the error of a method named by the kind's `failuresNotJudged`, called on the resource
   * itself: `if err := conn.SetDeadline(t); err != nil {` or `if conn.SetDeadline(t) != nil {`.
   */
  private unjudgedFailure(initializer: SyntaxNode | null, condition: SyntaxNode | null): boolean {
    const methods = this.t.kind.failuresNotJudged;
    if (!methods || !condition || !this.t.name) return false;
    const isDeadlineCall = (n: SyntaxNode | null | undefined): boolean => {
      if (n?.type !== 'call_expression') return false;
      const chain = selectorChain(n.childForFieldName('function') ?? n);
      return chain?.length === 2 && chain[0] === this.t.name && methods.includes(chain[1]);
    };
    if (condition.type === 'binary_expression' && condition.childForFieldName('operator')?.type === '!=') {
      const left = condition.childForFieldName('left');
      const right = condition.childForFieldName('right');
      if (right?.type === 'nil' && isDeadlineCall(left)) return true;
    }
    if (initializer?.type !== 'short_var_declaration' && initializer?.type !== 'assignment_statement') return false;
    const left = initializer.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const right = initializer.childForFieldName('right')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    if (left.length !== 1 || left[0]?.type !== 'identifier' || right.length !== 1 || !isDeadlineCall(right[0])) return false;
    return failureBranch(condition, { errName: left[0].text, name: null }, this.t.facts.imports)?.branch === 'then';
  }

  /**
   * The failing branch of a condition on the acquisition's own error or resource variable (flow/error-branch.ts),
   * or on `derived`, an error computed from the acquisition's error alone just before the test.
   */
  private nilGuard(condition: SyntaxNode, derived: string | null = null): { branch: 'then' | 'else'; states: number } | null {
    const names: ReleasedNames = { errName: this.t.errName, name: this.t.name, okName: this.t.okName ?? null, resourcePath: this.t.kind.resourcePath };
    const imports = this.t.facts.imports;
    const failure = combinedFailureBranch(condition, names, imports) ?? (derived ? combinedFailureBranch(condition, { ...names, errName: derived }, imports) : null);
    if (!failure) return null;
    // `err = wrap(err)` made the error variable stale only by deriving it: its test still speaks of the acquisition.
    const reassignedByDerivation = derived === this.t.errName;
    return { branch: failure.branch, states: failure.subject === 'error' ? (reassignedByDerivation ? OPEN | STALE : OPEN) : LIVE };
  }

  /**
   * `e := canonical(err)` or `e = wrap(err)`: a variable set from a call whose only argument is the acquisition's error.
   * Whether `e != nil` means the acquisition failed depends on the helper, so the walk stays silent and takes it so
   * (a helper that turned a nil error into a failure would make every call fail).
   */
  private derivedError(statement: SyntaxNode | null): string | null {
    if (!this.t.errName || (statement?.type !== 'short_var_declaration' && statement?.type !== 'assignment_statement')) return null;
    const left = statement.childForFieldName('left')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const right = statement.childForFieldName('right')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    const call = right[0];
    if (left.length !== 1 || left[0]?.type !== 'identifier' || right.length !== 1 || call?.type !== 'call_expression') return null;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    return args.length === 1 && args[0]?.type === 'identifier' && args[0].text === this.t.errName ? left[0].text : null;
  }

  private execFor(s: SyntaxNode, mask: number, label: string | null): Flow {
    let m = mask;
    for (const header of s.namedChildren) {
      if (header && header.type !== 'block' && header.type !== 'comment') m = this.apply(this.facts(header), m, header);
    }
    const body = s.childForFieldName('body');
    if (!body || m === 0) return flow(m);
    let input = m;
    let result = this.exec(body, this.whenLoopRuns(s, input));
    let endOfIteration = result.out | jumpsFor(result.continues, label);
    // A second pass only when the body can bring back a state the first pass did not start with (cmd: IDLE → OPEN).
    if ((endOfIteration & ~input & (LIVE | IDLE)) !== 0) {
      input |= endOfIteration;
      result = this.exec(body, this.whenLoopRuns(s, input));
      endOfIteration = result.out | jumpsFor(result.continues, label);
    }
    // `for _, l := range loggers { l.SetOutput(f) }` over a package variable hands the file on at every turn; whether
    // the collection is empty is the program's state, not this function's, so the path that skips the loop is a guess.
    const everyTurnHandsOn = (input & LIVE) !== 0 && (endOfIteration & LIVE) === 0 && result.breaks.length === 0 && rangesOverPackageVariable(s);
    const ended = this.loopCanEnd(s) ? this.whenLoopEnds(s, everyTurnHandsOn ? endOfIteration : input | endOfIteration) : 0;
    // `for rows.Next() { … }` that ends by its condition has drained the resource, which closes itself then.
    const out = jumpsFor(result.breaks, label) | (this.drains(s) ? release(ended) : ended);
    return { out, breaks: otherJumps(result.breaks, label), continues: otherJumps(result.continues, label) };
  }

  private execSwitch(s: SyntaxNode, mask: number): Flow {
    let m = mask;
    const cases: SyntaxNode[] = [];
    let hasDefault = false;
    for (const child of s.namedChildren) {
      if (!child || child.type === 'comment') continue;
      if (CASE_NODES.has(child.type)) {
        cases.push(child);
        if (child.type === 'default_case') hasDefault = true;
      } else {
        m = this.apply(this.facts(child), m, child);
      }
    }
    if (m === 0) return flow(0);
    const isSelect = s.type === 'select_statement';
    let result: Flow = flow(isSelect || hasDefault ? 0 : m);
    for (const clause of cases) {
      let caseMask = m;
      const communication = clause.childForFieldName('communication');
      if (communication) caseMask = this.apply(this.facts(communication), caseMask, communication);
      // `switch { case err != nil: … }` guards like an if.
      const values = clause.type === 'expression_case' && !s.childForFieldName('value') ? clause.childForFieldName('value') : null;
      const guard = values?.namedChildCount === 1 && values.namedChild(0) ? this.nilGuard(values.namedChild(0)!) : null;
      if (guard?.branch === 'then') caseMask = failed(caseMask, guard.states);
      result = merge(result, this.execList(statementsOf(clause), flow(caseMask)));
    }
    return consumeBreaks(result, labelOf(s));
  }

  /**
   * Can the loop end other than by break or return? Not `for {}`, and not a range over a channel nobody closes: a
   * ticker's (`time.Tick(d)`, `t.C`) or the tracked tick or signal channel itself.
   */
  private loopCanEnd(loop: SyntaxNode): boolean {
    for (const c of loop.namedChildren) {
      if (!c || c.type === 'block' || c.type === 'comment') continue;
      if (c.type === 'for_clause') return c.childForFieldName('condition') !== null;
      if (c.type !== 'range_clause') return true;
      const right = c.childForFieldName('right')?.text ?? '';
      if (/(\.Tick\(|\.C$)/.test(right)) return false;
      return !(this.t.kind.channelNeverClosed && right === this.t.name);
    }
    return false;
  }

  /** The loop's condition, when it has one: `for err != nil {`, `for i := 0; err == nil; i++ {`. */
  private loopCondition(loop: SyntaxNode): SyntaxNode | null {
    const header = loop.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
    if (!header || header.type === 'range_clause') return null;
    return header.type === 'for_clause' ? header.childForFieldName('condition') : header;
  }

  /** The state on entering the body: `for err != nil { retry }` runs its body only while the acquisition has failed. */
  private whenLoopRuns(loop: SyntaxNode, mask: number): number {
    const condition = this.loopCondition(loop);
    const guard = condition ? this.nilGuard(condition) : null;
    return guard?.branch === 'then' ? failed(mask, guard.states) : mask;
  }

  /** The state when the condition ends the loop: `for err == nil { … }` ends only once the acquisition failed. */
  private whenLoopEnds(loop: SyntaxNode, mask: number): number {
    const condition = this.loopCondition(loop);
    const guard = condition ? this.nilGuard(condition) : null;
    return guard?.branch === 'else' ? failed(mask, guard.states) : mask;
  }

  /** The loop's condition is `<tracked>.<drain method>()` (database/sql closes Rows when Next returns false). */
  private drains(loop: SyntaxNode): boolean {
    const drainMethod = this.t.kind.drainedBy;
    if (!drainMethod || !this.t.name) return false;
    const condition = loop.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
    if (condition?.type !== 'call_expression' || argumentCount(condition) !== 0) return false;
    const chain = selectorChain(condition.childForFieldName('function') ?? condition);
    return chain?.length === 2 && chain[0] === this.t.name && chain[1] === drainMethod;
  }

  private apply(facts: UseFacts, mask: number, node: SyntaxNode): number {
    if (facts.exit) return 0;
    let m = mask;
    if (m & FLAGGED && this.reassignsFlag(node)) m = (m & ~FLAGGED) | OPEN;
    if (facts.assignsErr && m & OPEN) m = (m & ~OPEN) | STALE;
    if (facts.opens && m & (IDLE | LIVE)) {
      m = (m & ~(IDLE | STALE)) | OPEN;
      // The error of the latest opening call (`err := cmd.Start()`) now guards the resource.
      if (facts.openErrName) this.t.errName = facts.openErrName;
    }
    if (facts.storedField && !this.storedField) this.storedField = { name: facts.storedField, node };
    if (facts.pinnedBy && m & LIVE) {
      this.leak(facts.pinnedBy, 'pinned');
      return release(m);
    }
    if (facts.release || facts.escape) {
      if (m & (LIVE | IDLE)) this.handedOff = true;
      if (facts.release) this.released = true;
      m = release(m);
    }
    return m;
  }

  private facts(node: SyntaxNode): UseFacts {
    let facts = this.factsCache.get(node.id);
    if (!facts) {
      facts = scanUses(node, this.t);
      this.factsCache.set(node.id, facts);
    }
    return facts;
  }

  private leak(node: SyntaxNode, reason: ExitReason): void {
    if (!this.leaks.has(node.id)) this.leaks.set(node.id, { node, reason });
  }
}

function merge(a: Flow, b: Flow): Flow {
  return { out: a.out | b.out, breaks: [...a.breaks, ...b.breaks], continues: [...a.continues, ...b.continues] };
}

/** The statement just before `statement` in its block, comments aside. */
function previousStatement(statement: SyntaxNode): SyntaxNode | null {
  let previous = statement.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  return previous;
}

function labelOf(statement: SyntaxNode): string | null {
  const parent = statement.parent;
  return parent?.type === 'labeled_statement' ? (parent.childForFieldName('label')?.text ?? null) : null;
}

function jumpsFor(jumps: Jump[], label: string | null): number {
  let mask = 0;
  for (const j of jumps) if (j.label === null || j.label === label) mask |= j.mask;
  return mask;
}

function otherJumps(jumps: Jump[], label: string | null): Jump[] {
  return jumps.filter((j) => j.label !== null && j.label !== label);
}

/** Unlabelled breaks end a switch/select/loop; with `labelOnly`, only breaks naming `label` are consumed. */
function consumeBreaks(state: Flow, label: string | null, labelOnly = false): Flow {
  const consumed = state.breaks.filter((j) => (labelOnly ? j.label !== null && j.label === label : j.label === null || j.label === label));
  if (consumed.length === 0) return state;
  return {
    out: state.out | consumed.reduce((m, j) => m | j.mask, 0),
    breaks: state.breaks.filter((j) => !consumed.includes(j)),
    continues: state.continues,
  };
}

/** `for … := range name {` with `name` a variable the file declares at package level. */
function rangesOverPackageVariable(loop: SyntaxNode): boolean {
  const range = loop.namedChildren.find((c) => c?.type === 'range_clause');
  const right = range?.childForFieldName('right');
  return right?.type === 'identifier' && packageVariables(rootOf(loop.tree)).has(right.text);
}
