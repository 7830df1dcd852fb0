// Runs one resolved check: one deadline for the whole check (connect, headers, body, every redirect), redirects
// followed by hand up to MAX_REDIRECTS, assertions on the first MAX_BODY_BYTES of the body.
import type { CheckResult } from '../protocol/checks';
import { CANCELLED, CheckFailure, describeRequestError, MAX_REDIRECTS, timeoutMessage } from './errors';
import { exchange, type Exchange } from './http-request';
import type { ResolvedCheck, UnresolvableCheck } from './resolve';
import { mask } from './mask';
import { isSensitiveHeader } from './template';

export const MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 5000;
/** How many checks run at once unless the user says otherwise (leaklens.checks.concurrency, --concurrency). */
export const DEFAULT_CONCURRENCY = 8;

export interface RunCheckOptions {
  /** Used when the check has no @timeout of its own. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra trusted certificate authorities (PEM), e.g. an internal CA. */
  ca?: string | Buffer;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function runCheck(check: ResolvedCheck, options: RunCheckOptions = {}): Promise<CheckResult> {
  const timeoutMs = check.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedAt = new Date();
  const started = performance.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new CheckFailure(timeoutMessage(timeoutMs))), timeoutMs);
  const onCancel = (): void => deadline.abort(new CheckFailure(CANCELLED));
  options.signal?.addEventListener('abort', onCancel, { once: true });
  if (options.signal?.aborted) onCancel();
  const base = {
    id: check.id,
    name: check.name,
    method: check.method,
    url: check.displayUrl,
    startedAt: startedAt.toISOString(),
    anchor: check.anchor,
    ref: check.ref,
  };
  let redirects = 0;
  try {
    let url = new URL(check.url);
    let method = check.method;
    let body = check.body;
    let headers = check.headers;
    let answer: Exchange;
    for (;;) {
      answer = await exchange(url, {
        method,
        headers,
        body,
        signal: deadline.signal,
        maxBodyBytes: MAX_BODY_BYTES,
        // A redirect's own body is never read: the socket is dropped and the next URL requested.
        readBody: (status) => !REDIRECT_STATUSES.has(status),
        ca: options.ca,
      });
      if (!REDIRECT_STATUSES.has(answer.status) || answer.location === undefined) break;
      if (redirects === MAX_REDIRECTS) throw new CheckFailure(`too many redirects (more than ${MAX_REDIRECTS})`);
      redirects++;
      const next = followTarget(url, answer.location);
      if (next.origin !== url.origin) headers = headers.filter(([name, value]) => !isSecretHeader(name, value, check.secrets));
      if (answer.status === 303 || ((answer.status === 301 || answer.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = headers.filter(([name]) => !/^content-(length|type)$/i.test(name));
      }
      url = next;
    }
    const latencyMs = Math.round(performance.now() - started);
    const failedAssertions = assess(check, answer, latencyMs);
    return {
      ...base,
      outcome: failedAssertions.length === 0 ? 'healthy' : 'unhealthy',
      status: answer.status,
      latencyMs,
      error: null,
      redirects,
      failedAssertions,
    };
  } catch (err) {
    return {
      ...base,
      outcome: 'failed',
      status: null,
      latencyMs: Math.round(performance.now() - started),
      error: mask(describeRequestError(err), check.secrets),
      redirects,
      failedAssertions: [],
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

/** A result for a check that could not even be sent (a missing environment variable, say). */
export function unresolvableResult(check: UnresolvableCheck): CheckResult {
  return {
    id: check.id,
    name: check.name,
    method: check.method,
    url: check.displayUrl,
    outcome: 'failed',
    status: null,
    latencyMs: 0,
    error: check.error,
    redirects: 0,
    failedAssertions: [],
    startedAt: new Date().toISOString(),
    anchor: check.anchor,
    ref: check.ref,
  };
}

function followTarget(from: URL, location: string): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new CheckFailure('redirected to an invalid location');
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new CheckFailure(`redirected to a ${next.protocol} URL`);
  return next;
}

/**
 * Credentials are not carried to another origin, as browsers and fetch do: every header the masking treats as secret
 * (by its name: Authorization, Cookie, X-Api-Key, X-Auth-Token, …) and every header whose value holds a secret
 * (a value from the environment, a URL password).
 */
function isSecretHeader(name: string, value: string, secrets: readonly string[]): boolean {
  return isSensitiveHeader(name) || secrets.some((secret) => secret.length > 0 && value.includes(secret));
}

function assess(check: ResolvedCheck, answer: Exchange, latencyMs: number): string[] {
  const failed: string[] = [];
  if (!check.statusRanges.some(([low, high]) => answer.status >= low && answer.status <= high)) {
    failed.push(`status ${answer.status} is not in ${check.statusRanges.map(([l, h]) => (l === h ? `${l}` : `${l}-${h}`)).join(', ')}`);
  }
  if (check.bodyContains.length > 0) {
    const text = answer.body.toString('utf8');
    for (const needle of check.bodyContains) {
      if (!text.includes(needle.value)) {
        failed.push(`body does not contain ${mask(JSON.stringify(needle.display), check.secrets)}${answer.truncated ? ` (in its first ${MAX_BODY_BYTES / 1024 / 1024} MB)` : ''}`);
      }
    }
  }
  if (check.latencyBelowMs !== undefined && latencyMs >= check.latencyBelowMs) {
    failed.push(`latency ${latencyMs} ms is not below ${check.latencyBelowMs} ms`);
  }
  return failed;
}
