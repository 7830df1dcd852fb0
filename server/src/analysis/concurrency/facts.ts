// What the six concurrency rules look at, found from the text and not by walking the tree: every node crossing the
// wasm boundary costs time, and a full walk costs about as much as the parse. A regular expression finds the candidate
// keywords and names, and only the nodes there are looked at (a match inside a comment or string is dropped because
// the node there has another type). Everything is computed on first use and shared by the rules (cached per tree).
import { rootOf, type Imports } from '../ast';
import { factsOf } from '../engine/file-facts';
import type { SyntaxNode, Tree } from '../parser';
import type { GoFile } from '../rule';
import { escapeRegExp } from '../escape-regexp';

export class ConcurrencyFacts {
  readonly imports: Imports;
  private readonly root: SyntaxNode;
  private readonly memo = new Map<string, SyntaxNode[]>();

  constructor(readonly text: string, tree: Tree, imports: Imports) {
    this.root = rootOf(tree);
    this.imports = imports;
  }

  /** `go …` statements, in source order. */
  get goStatements(): SyntaxNode[] {
    return this.keywordStatements('go', 'go_statement');
  }

  /** `defer …` statements, in source order. */
  get deferStatements(): SyntaxNode[] {
    return this.keywordStatements('defer', 'defer_statement');
  }

  /** Calls of a function or method named `name`: `make(…)`, `wg.Add(…)`, `errgroup.WithContext(…)`. */
  callsNamed(name: string): SyntaxNode[] {
    return this.cached(`call:${name}`, () =>
      this.nodesAt(new RegExp(`\\b${name}\\s*\\(`, 'g'), name.length, (node) => {
        const callee = node.parent?.type === 'selector_expression' ? node.parent : node;
        const call = callee.parent;
        return call?.type === 'call_expression' && call.childForFieldName('function')?.id === callee.id ? call : null;
      }),
    );
  }

  private callsAt(pattern: RegExp, name: string): SyntaxNode[] {
    return this.nodesAt(pattern, name.length, (node) => {
      const call = node.parent;
      return node.type === 'identifier' && call?.type === 'call_expression' && call.childForFieldName('function')?.id === node.id ? call : null;
    });
  }

  /**
   * Every identifier spelled `name` (variables, parameters; not fields or types) inside `scope`, in source order. Only
   * the mentions within the scope's text are looked at.
   */
  identifiers(name: string, scope: SyntaxNode): SyntaxNode[] {
    const inScope = (n: SyntaxNode): boolean => scope.startIndex <= n.startIndex && n.endIndex <= scope.endIndex;
    return this.cached(`id:${name}@${scope.startIndex}-${scope.endIndex}`, () =>
      this.nodesAt(new RegExp(`\\b${escapeRegExp(name)}\\b`, 'g'), name.length, (n) => (n.type === 'identifier' && inScope(n) ? n : null), undefined, scope),
    );
  }

  /** The function and method declarations named `name`. */
  declarations(name: string): SyntaxNode[] {
    return this.cached(`decl:${name}`, () =>
      this.nodesAt(new RegExp(`\\b${escapeRegExp(name)}\\s*[([]`, 'g'), name.length, (n) => {
        const decl = n.parent;
        return (decl?.type === 'function_declaration' || decl?.type === 'method_declaration') && decl.childForFieldName('name')?.id === n.id ? decl : null;
      }),
    );
  }

  /** The types written `pkg.Name` for an import path, e.g. every `sync.WaitGroup` or `context.Context`. */
  qualifiedTypes(importPath: string, name: string): SyntaxNode[] {
    return this.cached(`type:${importPath}.${name}`, () =>
      (this.imports.get(importPath) ?? []).flatMap((pkg) =>
        this.nodesAt(new RegExp(`\\b${escapeRegExp(pkg)}\\s*\\.\\s*${name}\\b`, 'g'), pkg.length, (n) => {
          const type = n.parent;
          return n.type === 'package_identifier' && type?.type === 'qualified_type' ? type : null;
        }),
      ),
    );
  }

  /** `make(chan T…)` calls. */
  get channelMakes(): SyntaxNode[] {
    return this.cached('make-chan', () => this.callsAt(/\bmake\s*\(\s*(?:<-\s*)?chan\b/g, 'make'));
  }

  /**
   * Loops that can only end by a branch out of them: `for {`, `for range x.C`, `for … range time.Tick(…)`.
   * Found by the text after `for`, so the many ordinary loops of a file are never looked at.
   */
  get foreverLoops(): SyntaxNode[] {
    return this.cached('forever', () =>
      this.nodesAt(
        /\bfor\s*(?:\{|(?:[\w\s,]*:?=\s*)?range\s+(?:[\w.]+\.C\s*\{|\w+\.Tick\s*\())/g,
        3,
        (n) => (n.type === 'for' && n.parent?.type === 'for_statement' ? n.parent : null),
        (index) => this.startsStatement(index),
      ),
    );
  }

  /** Every `chan struct{}` / `chan bool` type (the shapes of stop channels), wherever written. */
  get signalChannelTypes(): SyntaxNode[] {
    return this.cached('chan', () =>
      this.nodesAt(/\bchan\s+(?:struct\s*\{\s*\}|bool\b)/g, 4, (n) => (n.type === 'chan' && n.parent?.type === 'channel_type' ? n.parent : null)),
    );
  }

  /**
   * Statements that start with a keyword (`go`, `defer`). Statements begin a line or follow `{`, `;` or `:` — which
   * skips the many "go"s of comments, strings and import paths without looking at their nodes.
   */
  private keywordStatements(keyword: string, statementType: string): SyntaxNode[] {
    return this.cached(`kw:${keyword}`, () =>
      this.nodesAt(
        new RegExp(`\\b${keyword}(?=[ \\t]+[\\w(])`, 'g'),
        keyword.length,
        (n) => (n.type === keyword && n.parent?.type === statementType ? n.parent : null),
        (index) => this.startsStatement(index),
      ),
    );
  }

  /**
   * True when a statement can start at `index`: only blanks since the line start, or after `{`, `;` or `:` (a label
   * or a case). A cheap text test that skips the keywords of comments, strings and import paths.
   */
  private startsStatement(index: number): boolean {
    let i = index - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t')) i--;
    return i < 0 || '\n{;:'.includes(this.text[i]);
  }

  /**
   * For each match of `pattern` that passes the text test `accept` (and starts within `within`'s text, when given), the
   * node at the match's first `length` characters, mapped by `pick` (null: skip).
   */
  private nodesAt(
    pattern: RegExp,
    length: number,
    pick: (node: SyntaxNode) => SyntaxNode | null,
    accept?: (index: number) => boolean,
    within?: SyntaxNode,
  ): SyntaxNode[] {
    const found: SyntaxNode[] = [];
    // A global pattern's lastIndex starts the search: `\b` still sees the character before it.
    if (within) pattern.lastIndex = within.startIndex;
    for (let match = pattern.exec(this.text); match !== null; match = pattern.exec(this.text)) {
      if (match[0].length === 0) pattern.lastIndex++; // as matchAll does, so that an empty match cannot stall the loop
      if (within && match.index >= within.endIndex) break;
      if (accept && !accept(match.index)) continue;
      const node = this.root.descendantForIndex(match.index, match.index + length);
      const picked = node ? pick(node) : null;
      if (picked) found.push(picked);
    }
    return found;
  }

  private cached(key: string, compute: () => SyntaxNode[]): SyntaxNode[] {
    let nodes = this.memo.get(key);
    if (!nodes) {
      nodes = compute();
      this.memo.set(key, nodes);
    }
    return nodes;
  }
}

const cache = new WeakMap<Tree, ConcurrencyFacts>();

export function concurrencyFacts(file: GoFile): ConcurrencyFacts {
  let facts = cache.get(file.tree);
  if (!facts) {
    // The lifecycle engine reads the imports of every file anyway: share them.
    facts = new ConcurrencyFacts(file.text, file.tree, factsOf(file).imports);
    cache.set(file.tree, facts);
  }
  return facts;
}
