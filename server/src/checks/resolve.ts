// Turns a parsed block (or a bare URL) into a ResolvedCheck the runner can send: variables and {{env:NAME}} expanded,
// with a display form of everything that may be shown, and the list of secret values to keep out of any output.
import type { CheckAnchor, CheckRef } from '../protocol/checks';
import { DEFAULT_STATUS_RANGES, type CheckBlock, type CheckFile } from './model';
import { hidePasswords, mask, passwordsOf } from './mask';
import { expand, isSensitiveHeader, TemplateError, type EnvLookup } from './template';

export interface ResolvedCheck {
  id: string;
  name: string;
  method: string;
  url: string;
  /** The URL as it may be shown: environment-derived parts written as {{env:NAME}}. */
  displayUrl: string;
  headers: Array<[string, string]>;
  body?: string;
  statusRanges: Array<[number, number]>;
  bodyContains: Array<{ value: string; display: string }>;
  latencyBelowMs?: number;
  timeoutMs?: number;
  anchor?: CheckAnchor;
  /** How the editor names this check, so a result can be rerun from where it is shown. */
  ref?: CheckRef;
  /** Values that must never be written anywhere: sensitive header values and everything read from the environment. */
  secrets: string[];
}

/** A check that cannot be sent, with the reason in words (names only, never values). */
export interface UnresolvableCheck {
  id: string;
  name: string;
  method: string;
  displayUrl: string;
  anchor?: CheckAnchor;
  ref?: CheckRef;
  error: string;
}

export function blockId(uri: string, name: string): string {
  return `${uri}#${name}`;
}

export function urlId(url: string, uri?: string, line?: number): string {
  return uri === undefined ? `url:${url}` : `${uri}#L${(line ?? 0) + 1}:${url}`;
}

export function resolveBlock(file: CheckFile, block: CheckBlock, uri: string, env: EnvLookup): ResolvedCheck | UnresolvableCheck {
  const request = block.request!;
  const anchor: CheckAnchor = { uri, range: request.range, blockRange: block.range };
  const base = { id: blockId(uri, block.name), name: block.name, method: request.method, anchor };
  const variables = new Map([...file.variables].map(([name, def]) => [name, def.value.text]));
  const secrets: string[] = [];
  const expandTracked = (text: string) => {
    const expanded = expand(text, variables, env);
    secrets.push(...expanded.secrets);
    return expanded;
  };
  let displayUrl = hidePasswords(request.url.text);
  try {
    const url = expandTracked(request.url.text);
    secrets.push(...passwordsOf(url.value));
    const headers: Array<[string, string]> = block.headers.map((h) => {
      const value = expandTracked(h.value.text).value;
      if (isSensitiveHeader(h.name) && value !== '') secrets.push(value);
      return [h.name, value];
    });
    const body = block.body.length > 0 ? expandTracked(block.body.map((l) => l.text).join('\n')).value : undefined;
    const statusRanges = block.expectations.flatMap((e) => (e.kind === 'status' ? e.ranges : []));
    const latencies = block.expectations.flatMap((e) => (e.kind === 'latency' ? [e.belowMs] : []));
    const bodyContains = block.expectations.flatMap((e) => {
      if (e.kind !== 'bodyContains') return [];
      const needle = expandTracked(e.text.text);
      return [{ value: needle.value, display: needle.display }];
    });
    // Masked last, with every secret known: a variable used both in a secret header and in the URL stays hidden.
    displayUrl = mask(url.display, secrets);
    return {
      ...base,
      url: url.value,
      displayUrl,
      headers,
      body,
      statusRanges: statusRanges.length > 0 ? statusRanges : DEFAULT_STATUS_RANGES,
      bodyContains,
      latencyBelowMs: latencies.length > 0 ? Math.min(...latencies) : undefined,
      timeoutMs: block.timeoutMs,
      secrets,
    };
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return { ...base, displayUrl, error: err.message };
  }
}

/** A plain GET of a URL found in Go code or given on the command line: healthy on 2xx/3xx. */
export function resolveUrl(url: string, anchor?: CheckAnchor): ResolvedCheck {
  const displayUrl = hidePasswords(url);
  return {
    id: urlId(displayUrl, anchor?.uri, anchor?.range.start.line),
    name: displayUrl,
    method: 'GET',
    url,
    displayUrl,
    headers: [],
    statusRanges: DEFAULT_STATUS_RANGES,
    bodyContains: [],
    anchor,
    secrets: passwordsOf(url),
  };
}

export function isResolved(check: ResolvedCheck | UnresolvableCheck): check is ResolvedCheck {
  return !('error' in check);
}
