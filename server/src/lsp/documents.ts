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

  /**
   * `onListenerError` hears of a listener that threw; the other listeners still run. `onRejected` hears of a
   * notification that was not applied because it is malformed (the client is wrong; nothing we hold is changed by it).
   */
  constructor(
    private readonly onListenerError: (err: unknown) => void = () => undefined,
    private readonly onRejected: (message: string) => void = () => undefined,
  ) {}

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
    connection.onDidCloseTextDocument((p) => this.close((p as Partial<typeof p> | null)?.textDocument?.uri as string));
  }

  open(params: DidOpenTextDocumentParams): void {
    const t = (params as Partial<DidOpenTextDocumentParams> | null)?.textDocument;
    if (!isObject(t) || !isUri(t.uri) || typeof t.languageId !== 'string' || !Number.isInteger(t.version) || typeof t.text !== 'string') {
      this.onRejected(`Ignored a malformed textDocument/didOpen: ${describe(params)}`);
      return;
    }
    const doc = TextDocument.create(t.uri, t.languageId, t.version, t.text);
    this.docs.set(t.uri, doc);
    this.notify((l) => l.opened?.(doc));
  }

  change(params: DidChangeTextDocumentParams): void {
    const { textDocument, contentChanges } = (isObject(params) ? params : {}) as Partial<DidChangeTextDocumentParams>;
    if (!isObject(textDocument) || !isUri(textDocument.uri)) {
      this.onRejected(`Ignored a malformed textDocument/didChange: ${describe(params)}`);
      return;
    }
    const doc = this.docs.get(textDocument.uri);
    if (!doc) return; // a change of a document never opened: nothing to apply it to
    if (!Number.isInteger(textDocument.version) || !Array.isArray(contentChanges) || !contentChanges.every(isContentChange)) {
      // Rejected whole: applying part of it would leave the text and the syntax tree out of step. Listeners resync
      // from the text we have (a full reparse), and the next well-formed change goes on from there.
      this.onRejected(`Ignored a malformed textDocument/didChange of ${textDocument.uri}; its trees are rebuilt from the text: ${describe(params)}`);
      this.notify((l) => l.changed?.(doc, undefined));
      return;
    }
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
    if (!isUri(uri)) {
      this.onRejected(`Ignored a malformed textDocument/didClose: ${describe(uri)}`);
      return;
    }
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isUri(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function isPosition(value: unknown): boolean {
  return isObject(value) && isCount(value.line) && isCount(value.character);
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isContentChange(change: unknown): boolean {
  if (!isObject(change) || typeof change.text !== 'string') return false;
  if (!('range' in change)) return true;
  const range = change.range;
  if (!isObject(range) || !isPosition(range.start) || !isPosition(range.end)) return false;
  const start = range.start as { line: number; character: number };
  const end = range.end as { line: number; character: number };
  return start.line < end.line || (start.line === end.line && start.character <= end.character);
}

/** The shape of a notification for the log: strings longer than a URI are written as their length (a text may hold secrets). */
function describe(params: unknown): string {
  const json = JSON.stringify(params, (_key, value: unknown) => (typeof value === 'string' && value.length > 100 ? `<${value.length} characters>` : value)) ?? String(params);
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
}
