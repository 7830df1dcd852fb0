// One tree-sitter tree per open Go document, kept in step with edits: each content change is applied with tree.edit()
// as it arrives, and the next parse reuses the edited tree (incremental reparse). Replaced trees and trees of closed
// documents are deleted at once: they live in wasm memory, which the garbage collector does not see.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GoAnalyzer } from '../../analysis/analyzer';
import { wasmGeneration, type Edit, type Tree } from '../../analysis/parser';
import type { DocumentListener } from '../documents';

interface Entry {
  tree: Tree;
  /** The document version the tree was parsed from; edits since then are applied but not yet reparsed. */
  version: number;
  /** The wasm instance the tree lives in; after an abort replaced it, the tree is abandoned (see parser.ts). */
  generation: number;
}

export class GoTrees implements DocumentListener {
  private readonly trees = new Map<string, Entry>();
  /** Parses that reused an edited tree, for tests and the log. */
  incrementalParses = 0;

  constructor(private readonly analyzer: GoAnalyzer) {}

  /** The tree of the document's current text, reparsing incrementally when it changed. The store owns the tree. */
  treeFor(doc: TextDocument): Tree {
    const entry = this.live(doc.uri);
    if (entry?.version === doc.version) return entry.tree;
    const generation = wasmGeneration();
    const tree = this.analyzer.parse(doc.getText(), entry?.tree);
    if (entry) {
      this.incrementalParses++;
      entry.tree.delete();
    }
    this.trees.set(doc.uri, { tree, version: doc.version, generation });
    return tree;
  }

  changed(doc: TextDocument, edits: Edit[] | undefined): void {
    const entry = this.live(doc.uri);
    if (!entry) return;
    if (edits === undefined) {
      this.drop(doc.uri); // the whole text was replaced: nothing to reuse
      return;
    }
    for (const edit of edits) entry.tree.edit(edit);
  }

  closed(uri: string): void {
    this.drop(uri);
  }

  /** Forgets a document's tree, e.g. when it grew over the size limit or became excluded. */
  drop(uri: string): void {
    this.live(uri)?.tree.delete();
    this.trees.delete(uri);
  }

  /** The entry of `uri` unless its tree belongs to a dead wasm instance (then it is forgotten). */
  private live(uri: string): Entry | undefined {
    const entry = this.trees.get(uri);
    if (entry && entry.generation !== wasmGeneration()) {
      this.trees.delete(uri);
      return undefined;
    }
    return entry;
  }

  get size(): number {
    return this.trees.size;
  }

  dispose(): void {
    for (const entry of this.trees.values()) if (entry.generation === wasmGeneration()) entry.tree.delete();
    this.trees.clear();
  }
}
