// Per-file facts computed once and shared by every lifecycle rule: the imports, and the candidate calls found by one
// regular-expression pass over the text. Walking every syntax node through the wasm boundary costs more than parsing,
// so the engine only ever touches the few nodes a candidate name points at.
import type { SyntaxNode } from '../parser';
import type { GoFile } from '../rule';
import { defaultPackageName, type Imports } from '../ast';

export interface FileFacts {
  file: GoFile;
  imports: Imports;
  /** The `package` clause name, '' when missing. */
  packageName: string;
  /** Candidate call expressions by the name they call (`Get`, `Open`, `NewTicker`…), in source order. */
  callsByName: Map<string, SyntaxNode[]>;
  /** Memo for the text regexes of receivers.ts, keyed by pattern source. */
  textMemo: Map<string, boolean>;
}

/** Every callee name any lifecycle rule starts from. */
const CANDIDATE_NAMES = [
  'Get', 'Post', 'Head', 'PostForm', 'Do',
  'Open', 'Create', 'OpenFile', 'CreateTemp',
  'NewTicker', 'NewTimer', 'Tick',
  'WithCancel', 'WithCancelCause', 'WithTimeout', 'WithTimeoutCause', 'WithDeadline', 'WithDeadlineCause',
  'Dial', 'DialTimeout', 'DialTCP', 'DialUDP', 'DialUnix', 'DialContext', 'DialWithDialer', 'NewClient',
  'Listen', 'ListenPacket', 'ListenTCP', 'ListenUDP', 'ListenUnix',
  'Query', 'QueryContext', 'Prepare', 'PrepareContext',
  'Command', 'CommandContext',
  'Notify', 'NotifyContext',
];
const CANDIDATE_CALL = new RegExp(`\\.(${CANDIDATE_NAMES.join('|')})\\s*\\(`, 'g');

const cache = new WeakMap<GoFile, FileFacts>();

export function factsOf(file: GoFile): FileFacts {
  let facts = cache.get(file);
  if (!facts) {
    facts = computeFacts(file);
    cache.set(file, facts);
  }
  return facts;
}

function computeFacts(file: GoFile): FileFacts {
  const root = file.tree.rootNode;
  const { imports, packageName } = topLevelDeclarations(root);
  const callsByName = new Map<string, SyntaxNode[]>();
  for (const match of file.text.matchAll(CANDIDATE_CALL)) {
    const nameStart = match.index + 1;
    const name = match[1];
    const field = root.descendantForIndex(nameStart, nameStart + name.length);
    const selector = field?.type === 'field_identifier' ? field.parent : null;
    const call = selector?.type === 'selector_expression' ? selector.parent : null;
    if (call?.type !== 'call_expression' || call.childForFieldName('function')?.id !== selector!.id) continue;
    const list = callsByName.get(name);
    if (list) list.push(call);
    else callsByName.set(name, [call]);
  }
  return { file, imports, packageName, callsByName, textMemo: new Map() };
}

/** Imports and package name from the top level only (imports cannot appear anywhere else). */
function topLevelDeclarations(root: SyntaxNode): { imports: Imports; packageName: string } {
  const imports: Imports = new Map();
  let packageName = '';
  for (const decl of root.namedChildren) {
    if (decl?.type === 'package_clause') packageName = decl.namedChild(0)?.text ?? '';
    if (decl?.type !== 'import_declaration') continue;
    const specs = decl.namedChildren.flatMap((c) => (c?.type === 'import_spec_list' ? c.namedChildren : [c]));
    for (const spec of specs) {
      if (spec?.type !== 'import_spec') continue;
      const pathNode = spec.childForFieldName('path');
      if (!pathNode) continue;
      const importPath = pathNode.text.replace(/^["`]|["`]$/g, '');
      const name = spec.childForFieldName('name')?.text ?? defaultPackageName(importPath);
      if (name === '_' || name === '.') continue;
      imports.set(importPath, [...(imports.get(importPath) ?? []), name]);
    }
  }
  return { imports, packageName };
}
