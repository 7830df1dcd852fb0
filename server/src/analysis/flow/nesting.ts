// How deeply a syntax tree nests. tree-sitter finds a node's parent by descending from the root, so every climb from a
// node costs its depth, and a helper that climbs once per node costs depth² over a file: 10,000 nested `go func(){}()`
// took minutes. Real code nests a few dozen levels; a file nested deeper than MAX_TREE_DEPTH (generated or hostile) is
// not analysed, which keeps analysis linear in the size of the file. Measured with a tree cursor: O(1) per step.
import type { Tree } from '../parser';

/** Syntax-tree depth above which a file is not analysed (about 80 nested closures, or 150 nested composite literals). */
export const MAX_TREE_DEPTH = 600;

const verdicts = new WeakMap<Tree, boolean>();

/** True when some node of `tree` lies deeper than MAX_TREE_DEPTH levels below the root (memoised per tree). */
export function tooDeepToAnalyse(tree: Tree): boolean {
  let verdict = verdicts.get(tree);
  if (verdict === undefined) verdicts.set(tree, (verdict = nestsDeeperThan(tree, MAX_TREE_DEPTH)));
  return verdict;
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
