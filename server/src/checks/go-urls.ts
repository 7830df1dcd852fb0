// URLs worth checking in Go code: every http:// or https:// string literal that is a whole, concrete URL (not a format
// string like "https://%s/health", not a bare prefix like "https://"), and slice/array literals made of such URLs, as in
// a health checker's `urls := []string{"https://…/health", "https://…/status/500"}`.
import { descendantsOfType, rangeOf } from '../analysis/ast';
import type { SyntaxNode } from '../analysis/parser';
import type { Range } from '../analysis/types';

export interface GoUrl {
  url: string;
  /** The string literal, quotes included. */
  range: Range;
}

export interface GoUrlList {
  urls: GoUrl[];
  /** The composite literal. */
  range: Range;
}

export interface GoUrls {
  /** Literals outside a URL list (a list's elements are checked, and listed, through the list only). */
  single: GoUrl[];
  lists: GoUrlList[];
}

const STRING_LITERALS = ['interpreted_string_literal', 'raw_string_literal'];
const LIST_TYPES = ['slice_type', 'array_type', 'implicit_length_array_type'];

export function findGoUrls(root: SyntaxNode): GoUrls {
  const lists: GoUrlList[] = [];
  const inList = new Set<number>();
  for (const literal of descendantsOfType(root, 'composite_literal')) {
    const type = literal.childForFieldName('type');
    if (!type || !LIST_TYPES.includes(type.type) || type.childForFieldName('element')?.text !== 'string') continue;
    const elements = literal.childForFieldName('body')?.namedChildren.filter((c): c is SyntaxNode => c?.type === 'literal_element') ?? [];
    const values = elements.map((e) => e.namedChild(0));
    const urls = values.map((v) => (v && STRING_LITERALS.includes(v.type) ? urlOf(v) : undefined));
    if (urls.length === 0 || urls.some((u) => u === undefined)) continue;
    lists.push({ urls: urls as GoUrl[], range: rangeOf(literal) });
    for (const url of urls as GoUrl[]) inList.add(startKey(url.range));
  }
  const single = descendantsOfType(root, STRING_LITERALS)
    .map(urlOf)
    .filter((u): u is GoUrl => u !== undefined && !inList.has(startKey(u.range)));
  return { single, lists };
}

function startKey(range: Range): number {
  return range.start.line * 1_000_000 + range.start.character;
}

function urlOf(literal: SyntaxNode): GoUrl | undefined {
  const value = stringValue(literal);
  return value !== undefined && isCheckableUrl(value) ? { url: value, range: rangeOf(literal) } : undefined;
}

/** The value of a Go string literal; undefined for escapes that JSON does not share with Go (rare in URLs). */
function stringValue(literal: SyntaxNode): string | undefined {
  const text = literal.text;
  if (literal.type === 'raw_string_literal') return text.slice(1, -1);
  if (!text.includes('\\')) return text.slice(1, -1);
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

export function isCheckableUrl(value: string): boolean {
  if (!/^https?:\/\/[^\s]+$/i.test(value)) return false;
  // A % that does not start a percent-encoding is a format verb: the URL is built at run time.
  if (/%(?![0-9A-Fa-f]{2})/.test(value)) return false;
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}
