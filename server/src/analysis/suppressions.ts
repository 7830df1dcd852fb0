// Suppression comments, applied inside analysis so that the language server and the CLI honour them alike.
//
//   //nolint:leaklens                       every LeakLens rule        (golangci-lint style; also inside a list:
//   //nolint:leaklens/unclosed-body         one rule                    //nolint:errcheck,leaklens/unclosed-body)
//   //leaklens:ignore unclosed-body <reason>
//
// Scope: a trailing comment covers its own line; a comment alone on its line covers the next line; a comment in a
// function's doc comment covers the whole function. A finding is matched by the line its range starts on.
// A bare `//nolint` or a list without leaklens entries belongs to other linters and is left alone.
// An entry that suppresses nothing (of a rule that ran) becomes an `unused-suppression` hint, so stale comments surface.
import { rootOf } from './ast';
import type { SyntaxNode } from './parser';
import type { GoFile } from './rule';
import { DEFAULT_RULE_IDS, isRuleId } from './registry';
import { UNUSED_SUPPRESSION, type Finding, type QuickFix, type Range, type RuleId } from './types';

const NOLINT = /^\/\/\s?nolint:(\S*)/;
const IGNORE = /^\/\/\s?leaklens:ignore(?:\s+(\S+))?/;
/** Cheap pre-check so that files without suppressions cost one scan of the text. */
const MAY_HAVE_SUPPRESSION = /\/\/\s?(?:nolint:|leaklens:ignore)/g;

/** One suppressing item of a comment, e.g. `leaklens/unclosed-body` in `//nolint:errcheck,leaklens/unclosed-body`. */
interface Entry {
  /** 'all' for a bare `leaklens`; empty when the entry names no rule (reported as a hint). */
  rules: 'all' | RuleId[];
  /** What the entry says, for messages. */
  text: string;
  range: Range;
  used: boolean;
}

interface Suppression {
  /** The lines (0-based, inclusive) whose findings the comment covers. */
  firstLine: number;
  lastLine: number;
  entries: Entry[];
  /** Deletes the whole comment; offered only when the comment holds a single entry. */
  removal?: QuickFix;
}

export interface SuppressionContext {
  /** Rules that ran to completion on this file: only their suppressions can be judged unused. */
  ranRules: ReadonlySet<RuleId>;
}

/** Removes suppressed findings and adds an `unused-suppression` hint for each suppression that matched nothing. */
export function applySuppressions(file: GoFile, findings: Finding[], context: SuppressionContext): Finding[] {
  const suppressions = findSuppressions(file);
  if (suppressions.length === 0) return findings;
  const kept = findings.filter((finding) => !suppress(finding, suppressions));
  return [...kept, ...unusedHints(suppressions, context)];
}

function suppress(finding: Finding, suppressions: Suppression[]): boolean {
  if (finding.rule === UNUSED_SUPPRESSION) return false;
  const line = finding.range.start.line;
  let suppressed = false;
  for (const s of suppressions) {
    if (line < s.firstLine || line > s.lastLine) continue;
    for (const entry of s.entries) {
      if (entry.rules === 'all' || entry.rules.includes(finding.rule)) {
        entry.used = true;
        suppressed = true;
      }
    }
  }
  return suppressed;
}

function unusedHints(suppressions: Suppression[], { ranRules }: SuppressionContext): Finding[] {
  const hints: Finding[] = [];
  for (const s of suppressions) {
    for (const entry of s.entries) {
      if (entry.used) continue;
      const message = unusedMessage(entry, ranRules);
      if (!message) continue;
      hints.push({
        rule: UNUSED_SUPPRESSION,
        severity: 'hint',
        message,
        range: entry.range,
        related: [],
        fixes: s.removal ? [s.removal] : [],
      });
    }
  }
  return hints;
}

/** Why the entry is unused, or undefined when that cannot be judged (its rule did not run). */
function unusedMessage(entry: Entry, ranRules: ReadonlySet<RuleId>): string | undefined {
  if (entry.rules !== 'all' && entry.rules.length === 0) {
    return `"${entry.text}" names no LeakLens rule, so it suppresses nothing; use a rule id such as unclosed-body.`;
  }
  if (entry.rules === 'all') {
    // Judged when every rule on by default ran: a rule off by default (an allocation hint) not turned on does not count.
    return DEFAULT_RULE_IDS.every((id) => ranRules.has(id))
      ? `"${entry.text}" suppresses no LeakLens finding here; remove it.`
      : undefined;
  }
  if (!entry.rules.every((r) => ranRules.has(r))) return undefined;
  return `"${entry.text}" suppresses no ${entry.rules.join(', ')} finding here; remove it.`;
}

function findSuppressions(file: GoFile): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const match of file.text.matchAll(MAY_HAVE_SUPPRESSION)) {
    const comment = rootOf(file.tree).descendantForIndex(match.index);
    // Only real comments: the same characters inside a string literal suppress nothing.
    if (comment?.type !== 'comment' || comment.startIndex !== match.index) continue;
    const suppression = parseComment(comment, file.text);
    if (suppression) suppressions.push(suppression);
  }
  return suppressions;
}

function parseComment(comment: SyntaxNode, text: string): Suppression | undefined {
  const parsed = parseEntries(comment);
  if (!parsed || parsed.entries.length === 0) return undefined;
  const line = comment.startPosition.row;
  const aloneOnLine = text.slice(comment.startIndex - comment.startPosition.column, comment.startIndex).trim() === '';
  const documented = aloneOnLine ? documentedFunction(comment) : undefined;
  return {
    firstLine: line,
    lastLine: documented ? documented.endPosition.row : aloneOnLine ? line + 1 : line,
    entries: parsed.entries,
    removal: parsed.itemCount === 1 ? removalFix(comment, aloneOnLine, text) : undefined,
  };
}

/** The entries of a suppression comment, and how many items the comment lists in all (other linters' included). */
function parseEntries(comment: SyntaxNode): { entries: Entry[]; itemCount: number } | undefined {
  const line = comment.startPosition.row;
  const column = comment.startPosition.column;
  const entryAt = (offset: number, itemText: string, rules: Entry['rules']): Entry => ({
    rules,
    text: itemText,
    used: false,
    range: { start: { line, character: column + offset }, end: { line, character: column + offset + itemText.length } },
  });

  const nolint = NOLINT.exec(comment.text);
  if (nolint) {
    const entries: Entry[] = [];
    const listStart = nolint[0].length - nolint[1].length;
    const items = nolint[1].split(',');
    let offset = listStart;
    for (const item of items) {
      if (item === 'leaklens') entries.push(entryAt(offset, item, 'all'));
      else if (item.startsWith('leaklens/')) entries.push(entryAt(offset, item, ruleIds(item.slice('leaklens/'.length))));
      offset += item.length + 1;
    }
    return { entries, itemCount: items.length };
  }

  const ignore = IGNORE.exec(comment.text);
  if (ignore) {
    const named = ignore[1] ?? '';
    // Without a rule id the whole comment is the entry, so the hint has something to point at.
    const entry = named ? entryAt(ignore[0].length - named.length, named, ruleIds(named)) : entryAt(0, ignore[0], []);
    return { entries: [entry], itemCount: 1 };
  }
  return undefined;
}

/** The known rule ids in a comma-separated list; empty when any of them is unknown (so the entry is flagged). */
function ruleIds(list: string): RuleId[] {
  const names = list.split(',');
  const known = names.filter((n): n is RuleId => isRuleId(n));
  return known.length === names.length ? known : [];
}

/** The function or method whose doc comment group contains `comment`, if any. */
function documentedFunction(comment: SyntaxNode): SyntaxNode | undefined {
  let last = comment;
  for (let next = comment.nextSibling; next; next = next.nextSibling) {
    const adjacent = next.startPosition.row === last.endPosition.row + 1;
    if (!adjacent) return undefined;
    if (next.type === 'function_declaration' || next.type === 'method_declaration') return next;
    if (next.type !== 'comment') return undefined;
    last = next;
  }
  return undefined;
}

/** Deletes the comment: the whole line when it stands alone, else the comment and the blanks before it. */
function removalFix(comment: SyntaxNode, aloneOnLine: boolean, text: string): QuickFix {
  const line = comment.startPosition.row;
  const lineStart = comment.startIndex - comment.startPosition.column;
  const before = text.slice(lineStart, comment.startIndex);
  const range: Range = aloneOnLine
    ? { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }
    : {
        start: { line, character: before.trimEnd().length },
        end: { line, character: comment.endPosition.column },
      };
  return { title: 'Remove the unused suppression comment', edits: [{ range, newText: '' }] };
}
