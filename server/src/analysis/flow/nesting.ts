// How deeply a syntax tree nests. tree-sitter finds a node's parent by descending from the root, so every climb from a
// node costs its depth, and a helper that climbs once per node costs depth² over a file: 10,000 nested `go func(){}()`
// took minutes. Real code nests a few dozen levels; a file nested deeper than MAX_TREE_DEPTH (generated or hostile) is
// not analysed, which keeps analysis linear in the size of the file. Measured with a tree cursor: O(1) per step.
import { rootOf } from '../ast';
import type { Tree } from '../parser';

/** Syntax-tree depth above which a file is not analysed (about 80 nested closures, or 150 nested composite literals). */
export const MAX_TREE_DEPTH = 600;

const verdicts = new WeakMap<Tree, boolean>();

/** Bracket nesting below which the tree cannot reach MAX_TREE_DEPTH (each bracket level costs at most a few nodes). */
const SAFE_BRACKET_DEPTH = 100;

/**
 * True when some node of `tree` lies deeper than MAX_TREE_DEPTH levels below the root (memoised per tree). The text's
 * bracket depth is measured first (a plain string scan); only a deeply bracketed file is walked with a cursor.
 */
export function tooDeepToAnalyse(tree: Tree): boolean {
  let verdict = verdicts.get(tree);
  if (verdict === undefined) {
    verdict = bracketDepth(rootOf(tree).text) > SAFE_BRACKET_DEPTH && nestsDeeperThan(tree, MAX_TREE_DEPTH);
    verdicts.set(tree, verdict);
  }
  return verdict;
}

/** The deepest nesting of (), [] and {} in Go source, skipping strings, runes and comments. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 34 || c === 39 || c === 96) i = closingQuote(text, i);
    else if (c === 47 && text.charCodeAt(i + 1) === 47) i = lineEnd(text, i);
    else if (c === 47 && text.charCodeAt(i + 1) === 42) i = blockCommentEnd(text, i);
  }
  return deepest;
}

function closingQuote(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === quote) return i;
    if (quote !== 96 && c === 92) i++; // a backslash escape, outside raw strings
    else if (quote !== 96 && c === 10) return i; // an unterminated string ends with its line
  }
  return text.length;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

function blockCommentEnd(text: string, start: number): number {
  const end = text.indexOf('*/', start + 2);
  return end === -1 ? text.length : end + 1;
}

/** True when some node of `tree` lies deeper than `limit` levels below the root (stops at the first). */
function nestsDeeperThan(tree: Tree, limit: number): boolean {
  const cursor = tree.walk();
  try {
    let depth = 0;
    for (;;) {
      if (cursor.gotoFirstChild()) {
        if (++depth > limit) return true;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return false;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}
