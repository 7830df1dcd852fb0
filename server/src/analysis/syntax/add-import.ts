// A gofmt-clean text edit that imports a standard-library package, for quick fixes whose new code needs it.
import { descendantsOfType, rangeOf } from '../ast';
import type { SyntaxNode } from '../parser';
import type { Position, TextEdit } from '../types';

function pathOf(spec: SyntaxNode): string {
  return spec.childForFieldName('path')?.text.replace(/^["`]|["`]$/g, '') ?? '';
}

const isStandard = (importPath: string): boolean => !importPath.split('/')[0].includes('.');

/**
 * The edit that adds `import "<importPath>"` (a standard-library path) the way gofmt would keep it: inside the first
 * parenthesised group of standard imports at its sorted place, or as a new declaration after the package clause.
 * Returns null when the file already has it or its import section is too unusual to edit safely.
 */
export function addStandardImport(root: SyntaxNode, importPath: string): TextEdit | null {
  const specs = descendantsOfType(root, 'import_spec');
  if (specs.some((s) => pathOf(s) === importPath)) return null;
  const newSpec = JSON.stringify(importPath);
  const list = descendantsOfType(root, 'import_spec_list')[0];
  if (list) {
    const listed = list.namedChildren.filter((c): c is SyntaxNode => c?.type === 'import_spec');
    // gofmt sorts each run of consecutive lines (a group) on its own; stay inside the first group of standard imports.
    const group: SyntaxNode[] = [];
    for (const spec of listed) {
      const previous = group[group.length - 1];
      if (previous && spec.startPosition.row > previous.endPosition.row + 1) {
        if (group.some((s) => isStandard(pathOf(s)))) break;
        group.length = 0;
      }
      group.push(spec);
    }
    if (!group.some((s) => isStandard(pathOf(s)))) return null;
    const before = group.find((s) => pathOf(s) > importPath);
    const anchor = before ?? group[group.length - 1];
    const indent = '\t';
    const at: Position = before
      ? { line: anchor.startPosition.row, character: 0 }
      : { line: anchor.endPosition.row + 1, character: 0 };
    if (before && before.startPosition.column !== 1) return null; // not one spec per line, indented by a tab
    return { range: { start: at, end: at }, newText: `${indent}${newSpec}\n` };
  }
  const single = specs[0];
  if (single?.parent?.type === 'import_declaration') {
    // `import "fmt"` becomes a parenthesised block holding both, sorted.
    const declaration = single.parent;
    const lines = [single.text, newSpec].sort((a, b) => (pathOfText(a) < pathOfText(b) ? -1 : 1));
    return { range: rangeOf(declaration), newText: `import (\n\t${lines.join('\n\t')}\n)` };
  }
  if (specs.length > 0) return null;
  const pkg = descendantsOfType(root, 'package_clause')[0];
  if (!pkg) return null;
  const end = rangeOf(pkg).end;
  return { range: { start: end, end }, newText: `\n\nimport ${newSpec}` };
}

function pathOfText(specText: string): string {
  return specText.replace(/^[^"`]*["`]|["`]$/g, '');
}
