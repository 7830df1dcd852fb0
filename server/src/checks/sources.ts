// Where checks are defined: *.checks files and Go files, read from the open document when there is one, else from
// disk. Turns documents into check descriptors (for pickers and lenses) and check refs into resolved checks (to run).
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Parser } from '../analysis/parser';
import type { CheckDescriptor, CheckRef } from '../protocol/checks';
import { findGoUrls, type GoUrls } from './go-urls';
import type { CheckFile } from './model';
import { parseCheckFile } from './parser';
import { blockId, hidePassword, resolveBlock, resolveUrl, type ResolvedCheck, type UnresolvableCheck } from './resolve';
import { expand, type EnvLookup } from './template';

export type TextSource = (uri: string) => string | undefined;

export function isCheckFileUri(uri: string): boolean {
  return /\.checks$/i.test(uri);
}

export function isGoUri(uri: string): boolean {
  return /\.go$/i.test(uri);
}

export class CheckSources {
  constructor(
    private readonly openText: TextSource,
    private readonly goParser: Parser,
  ) {}

  async text(uri: string): Promise<string> {
    const open = this.openText(uri);
    if (open !== undefined) return open;
    if (!uri.startsWith('file:')) throw new Error(`cannot read ${uri}: not open and not a file`);
    return fs.readFile(fileURLToPath(uri), 'utf8');
  }

  goUrls(text: string): GoUrls {
    const tree = this.goParser.parse(text);
    if (!tree) return { single: [], lists: [] };
    try {
      return findGoUrls(tree.rootNode);
    } finally {
      tree.delete();
    }
  }

  async describe(uri: string): Promise<CheckDescriptor[]> {
    const text = await this.text(uri);
    if (isCheckFileUri(uri)) return describeCheckFile(parseCheckFile(text), uri);
    const { single, lists } = this.goUrls(text);
    const urls = [...single, ...lists.flatMap((l) => l.urls)].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return urls.map((u) => {
      const anchor = { uri, range: u.range };
      const check = resolveUrl(u.url, anchor);
      return { id: check.id, ref: { kind: 'url', url: u.url, anchor }, name: check.name, method: 'GET', url: check.displayUrl, anchor };
    });
  }

  /** Resolves refs to checks; a ref that no longer matches anything becomes an unresolvable check saying so. */
  async resolve(refs: readonly CheckRef[], env: EnvLookup): Promise<Array<ResolvedCheck | UnresolvableCheck>> {
    const parsed = new Map<string, Promise<CheckFile>>();
    const fileOf = (uri: string): Promise<CheckFile> => {
      let file = parsed.get(uri);
      if (!file) {
        file = this.text(uri).then(parseCheckFile);
        parsed.set(uri, file);
      }
      return file;
    };
    const withRef = async (ref: CheckRef): Promise<ResolvedCheck | UnresolvableCheck> => ({ ...(await resolveOne(ref)), ref });
    const resolveOne = async (ref: CheckRef): Promise<ResolvedCheck | UnresolvableCheck> => {
      if (ref.kind === 'url') return resolveUrl(ref.url, ref.anchor);
      const missing = (error: string): UnresolvableCheck => ({ id: blockId(ref.uri, ref.name), name: ref.name, method: 'GET', displayUrl: '', error });
      let file: CheckFile;
      try {
        file = await fileOf(ref.uri);
      } catch (err) {
        return missing(`cannot read the check file: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      }
      const candidates = file.blocks.filter((b) => b.name === ref.name);
      if (candidates.length === 0) return missing(`check "${ref.name}" is no longer in the file`);
      const nearest = candidates.reduce((best, b) =>
        Math.abs(b.headRange.start.line - ref.line) < Math.abs(best.headRange.start.line - ref.line) ? b : best,
      );
      return resolveBlock(file, nearest, ref.uri, env);
    };
    return Promise.all(refs.map(withRef));
  }
}

export function describeCheckFile(file: CheckFile, uri: string): CheckDescriptor[] {
  const variables = new Map([...file.variables].map(([name, def]) => [name, def.value.text]));
  return file.blocks.map((block) => {
    const request = block.request!;
    let url = request.url.text;
    try {
      // Environment values are never looked up for display: they stay written as {{env:NAME}}.
      url = hidePassword(expand(request.url.text, variables, () => '').display);
    } catch {
      // An undefined variable: show the URL as written (the file's diagnostics say what is wrong).
    }
    const ref: CheckRef = { kind: 'block', uri, name: block.name, line: block.headRange.start.line };
    return { id: blockId(uri, block.name), ref, name: block.name, method: request.method, url, anchor: { uri, range: request.range, blockRange: block.range } };
  });
}
