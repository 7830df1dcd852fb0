// The open documents of every language the features serve, kept in sync incrementally.
// Each incremental change is also turned into a tree-sitter edit (computed against the text *before* that change),
// so that features holding syntax trees can `tree.edit()` them and reparse incrementally.
import type { Edit } from '../analysis/parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
  Range,
} from 'vscode-languageserver';

export interface DocumentListener {
  opened?(doc: TextDocument): void;
  /** `edits` is undefined when the client replaced the whole text (then any syntax tree must be rebuilt). */
  changed?(doc: TextDocument, edits: Edit[] | undefined): void;
  closed?(uri: string): void;
}

export class DocumentStore {
  private readonly docs = new Map<string, TextDocument>();
  private readonly listeners: DocumentListener[] = [];

  /** `onListenerError` hears of a listener that threw; the other listeners still run. */
  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri);
  }

  all(): TextDocument[] {
    return [...this.docs.values()];
  }

  onDocument(listener: DocumentListener): void {
    this.listeners.push(listener);
  }

  listen(connection: Connection): void {
    connection.onDidOpenTextDocument((p) => this.open(p));
    connection.onDidChangeTextDocument((p) => this.change(p));
    connection.onDidCloseTextDocument((p) => this.close(p.textDocument.uri));
  }

  open({ textDocument: t }: DidOpenTextDocumentParams): void {
    const doc = TextDocument.create(t.uri, t.languageId, t.version, t.text);
    this.docs.set(t.uri, doc);
    this.notify((l) => l.opened?.(doc));
  }

  change({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const doc = this.docs.get(textDocument.uri);
    if (!doc) return; // a change of a document never opened: nothing to apply it to
    let edits: Edit[] | undefined = [];
    for (const change of contentChanges) {
      if ('range' in change) edits?.push(treeEditOf(doc, change));
      else edits = undefined;
      // update() mutates `doc`, so the next change's edit is computed against the text it applies to.
      TextDocument.update(doc, [change], textDocument.version);
    }
    this.notify((l) => l.changed?.(doc, edits));
  }

  close(uri: string): void {
    if (!this.docs.delete(uri)) return;
    this.notify((l) => l.closed?.(uri));
  }

  private notify(call: (listener: DocumentListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

/** The tree-sitter edit of one ranged change. Indexes and columns are UTF-16 units, as web-tree-sitter uses for JS strings. */
export function treeEditOf(doc: TextDocument, { range, text }: { range: Range; text: string }): Edit {
  const startIndex = doc.offsetAt(range.start);
  const oldEndIndex = Math.max(startIndex, doc.offsetAt(range.end));
  const start = doc.positionAt(startIndex);
  const oldEnd = doc.positionAt(oldEndIndex);
  const lastNewline = text.lastIndexOf('\n');
  const newlines = lastNewline < 0 ? 0 : text.split('\n').length - 1;
  return {
    startIndex,
    oldEndIndex,
    newEndIndex: startIndex + text.length,
    startPosition: { row: start.line, column: start.character },
    oldEndPosition: { row: oldEnd.line, column: oldEnd.character },
    newEndPosition:
      newlines === 0
        ? { row: start.line, column: start.character + text.length }
        : { row: start.line + newlines, column: text.length - lastNewline - 1 },
  };
}
