// Where checks are defined: *.checks files and Go files, read from the open document when there is one, else from
// disk (regular files only, within the size limit). Turns documents into check descriptors (for pickers and lenses)
// and check refs into resolved checks (to run).
import { fileURLToPath } from 'node:url';
import type { Tree } from '../analysis/parser';
import { DEFAULT_MAX_FILE_SIZE, utf8SizeUpTo } from '../limits';
import type { CheckDescriptor, CheckRef } from '../protocol/checks';
import { readRegularFile } from '../read-regular-file';
import { findGoUrls, type GoUrl, type GoUrls } from './go-urls';
import { hidePasswords, MASK } from './mask';
import type { CheckFile } from './model';
import { parseCheckFile } from './parser';
import { blockId, resolveBlock, resolveUrl, type ResolvedCheck, type UnresolvableCheck } from './resolve';
import type { EnvLookup } from './template';

export type TextSource = (uri: string) => string | undefined;

export function isCheckFileUri(uri: string): boolean {
  return /\.checks$/i.test(uri);
}

export function isGoUri(uri: string): boolean {
  return /\.go$/i.test(uri);
}

/** A file that is not read: not a regular file, over the size limit, unreadable. The message says which. */
export class SourceRefusedError extends Error {}

/** Reads a check file or Go file from disk: a regular file within `maxBytes`, as UTF-8. */
export async function readSourceFile(filePath: string, maxBytes: number): Promise<string> {
  const read = await readRegularFile(filePath, maxBytes);
  if (read.kind === 'refused') throw new SourceRefusedError(`cannot read ${filePath}: ${read.reason}`);
  return read.bytes.toString('utf8');
}

export class CheckSources {
  constructor(
    private readonly openText: TextSource,
    /** Parses Go text into a tree the caller deletes; the caller owns (and may recreate) the parser behind it. */
    private readonly parseGo: (text: string) => Tree,
    private readonly maxFileSize: (uri: string) => Promise<number> = async () => DEFAULT_MAX_FILE_SIZE,
  ) {}

  async text(uri: string): Promise<string> {
    const open = this.openText(uri);
    if (open !== undefined) return open;
    if (!uri.startsWith('file:')) throw new SourceRefusedError(`cannot read ${uri}: not open and not a file`);
    return readSourceFile(fileURLToPath(uri), await this.maxFileSize(uri));
  }

  /** The URLs of Go text; none for a text over the size limit (generated code is not parsed, here as in the analysis). */
  goUrls(text: string, maxBytes: number): GoUrls {
    if (utf8SizeUpTo(text, maxBytes) > maxBytes) return { single: [], lists: [] };
    const tree = this.parseGo(text);
    try {
      return findGoUrls(tree.rootNode);
    } finally {
      tree.delete();
    }
  }

  async describe(uri: string): Promise<CheckDescriptor[]> {
    const text = await this.text(uri);
    const maxBytes = await this.maxFileSize(uri);
    if (isCheckFileUri(uri)) return describeCheckFile(parseCheckFile(text, maxBytes), uri);
    return allUrls(this.goUrls(text, maxBytes)).map((u) => {
      const anchor = { uri, range: u.range };
      const check = resolveUrl(u.url, anchor);
      return { id: check.id, ref: urlRef(u.url, anchor), name: check.name, method: 'GET', url: check.displayUrl, anchor };
    });
  }

  /** Resolves refs to checks; a ref that no longer matches anything becomes an unresolvable check saying so. */
  async resolve(refs: readonly CheckRef[], env: EnvLookup): Promise<Array<ResolvedCheck | UnresolvableCheck>> {
    const parsed = new Map<string, Promise<CheckFile>>();
    const fileOf = (uri: string): Promise<CheckFile> => {
      let file = parsed.get(uri);
      if (!file) {
        file = Promise.all([this.text(uri), this.maxFileSize(uri)]).then(([text, maxBytes]) => parseCheckFile(text, maxBytes));
        parsed.set(uri, file);
      }
      return file;
    };
    const withRef = async (ref: CheckRef): Promise<ResolvedCheck | UnresolvableCheck> => ({ ...(await resolveOne(ref)), ref });
    const resolveOne = async (ref: CheckRef): Promise<ResolvedCheck | UnresolvableCheck> => {
      if (ref.kind === 'url') return resolveUrl(await this.urlAtAnchor(ref), ref.anchor);
      const missing = (error: string): UnresolvableCheck => ({ id: blockId(ref.uri, ref.name), name: ref.name, method: 'GET', displayUrl: '', error });
      let file: CheckFile;
      try {
        file = await fileOf(ref.uri);
      } catch (err) {
        return missing(err instanceof SourceRefusedError ? err.message : `cannot read the check file: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
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

  /**
   * Refs the server hands out carry URLs with the password masked; the real URL is read again from the Go source at
   * the anchor. A ref without an anchor (or whose source moved) is taken as written.
   */
  private async urlAtAnchor(ref: Extract<CheckRef, { kind: 'url' }>): Promise<string> {
    if (!ref.anchor || !isGoUri(ref.anchor.uri) || !ref.url.includes(`:${MASK}@`)) return ref.url;
    try {
      const text = await this.text(ref.anchor.uri);
      const start = ref.anchor.range.start;
      const found = allUrls(this.goUrls(text, await this.maxFileSize(ref.anchor.uri))).find(
        (u) => u.range.start.line === start.line && u.range.start.character === start.character && hidePasswords(u.url) === ref.url,
      );
      return found?.url ?? ref.url;
    } catch {
      return ref.url;
    }
  }
}

function allUrls({ single, lists }: GoUrls): GoUrl[] {
  return [...single, ...lists.flatMap((l) => l.urls)].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** A ref to a URL found in Go code, as handed to clients: the password masked (the server reads it again to run). */
export function urlRef(url: string, anchor: NonNullable<Extract<CheckRef, { kind: 'url' }>['anchor']>): CheckRef {
  return { kind: 'url', url: hidePasswords(url), anchor };
}

export function describeCheckFile(file: CheckFile, uri: string): CheckDescriptor[] {
  return file.blocks.map((block) => {
    const request = block.request!;
    // Environment values are never looked up for display: they stay written as {{env:NAME}}.
    const url = resolveBlock(file, block, uri, () => '').displayUrl;
    const ref: CheckRef = { kind: 'block', uri, name: block.name, line: block.headRange.start.line };
    return { id: blockId(uri, block.name), ref, name: block.name, method: request.method, url, anchor: { uri, range: request.range, blockRange: block.range } };
  });
}
