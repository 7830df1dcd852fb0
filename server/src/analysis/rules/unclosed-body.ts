// An HTTP response whose Body is not closed keeps its connection out of the pool: a poller leaks one socket per tick.
import { enclosingFunction, methodCall, packageCall } from '../ast';
import type { FileFacts } from '../engine/file-facts';
import { deferAfterCheck } from '../engine/fixes';
import { argumentCount, isPkg, resourceKind } from '../engine/kinds';
import { localDeclaration, receiverIs, type ReceiverSpec } from '../engine/receivers';
import { leaksAtMostOncePerProcess, reportLifecycle } from '../engine/report';
import { factsOf } from '../engine/file-facts';
import { leaksOnlyWhereBodyReadThrough } from '../http/failed-body-read';
import { releasedByCancelledContext } from '../http/cancelled-request';
import { boundedByClientTimeout } from '../http/client-timeout';
import type { SyntaxNode } from '../parser';
import type { Rule, RuleContext } from '../rule';
import type { Acquisition } from '../engine/lifecycle';

const HTTP = 'net/http';
const HTTP_CLIENT: ReceiverSpec = {
  importPath: HTTP,
  typeNames: ['Client'],
  packageVariables: ['DefaultClient'],
  conventionalName: /^(client|httpClient|httpc|hc|HTTPClient|httpClt)$/,
};
const HTTP_CLIENT_ARITY: Record<string, number> = { Do: 1, Get: 1, Head: 1, Post: 3, PostForm: 2 };

const bodyKind = resourceKind({
  rule: 'unclosed-body',
  key: 'body',
  returnsError: true,
  resourcePath: ['Body'],
  releaseMethods: ['Close'],
  // The *http.Response, or its Body handed on as an io.ReadCloser (or a plain io.Reader that cannot close it).
  resourceTypes: ['Response', 'ReadCloser', 'Closer', 'Reader'],
  verb: 'closing',
  heldByDeferInLoop: true,
  names: ['Get', 'Post', 'Head', 'PostForm', 'Do'],
  matches(call, facts) {
    if (isPkg(call, facts, 'net/http', ['Get', 'Post', 'PostForm'])) return true;
    const m = methodCall(call);
    if (!m || m.method === 'Head' || HTTP_CLIENT_ARITY[m.method] !== argumentCount(call)) return false;
    const declared = localDeclaration(m.receiver, facts.imports, HTTP_CLIENT);
    if (declared === 'other' || (declared === null && !receiverIs(m.receiver, facts, HTTP_CLIENT))) return false;
    return m.method !== 'Do' || !isHeadRequest(call.childForFieldName('arguments')?.namedChild(0) ?? null, facts);
  },
});

/**
 * A response to a HEAD request has no body to leak: the transport sets Body to http.NoBody and returns the connection
 * to the pool before Do returns. So http.Head and client.Head are not acquisitions, nor client.Do(req) when its
 * function builds `req` with method HEAD (`http.NewRequest("HEAD", …)`, `http.NewRequestWithContext(ctx,
 * http.MethodHead, …)`) or sets `req.Method = http.MethodHead`.
 */
function isHeadRequest(request: SyntaxNode | null, facts: FileFacts): boolean {
  if (request?.type !== 'identifier') return false;
  const body = enclosingFunction(request)?.childForFieldName('body');
  const http = facts.imports.get('net/http');
  if (!body || !http) return false;
  const pkg = `(?:${http.join('|')})`;
  const head = `(?:"HEAD"|${pkg}\\.MethodHead)`;
  const name = request.text;
  const built = new RegExp(
    `\\b${name}\\s*(?:,\\s*\\w+\\s*)?:?=\\s*${pkg}\\.(?:NewRequest\\(\\s*|NewRequestWithContext\\(\\s*[^,()]+(?:\\([^()]*\\))?\\s*,\\s*)${head}`,
  );
  const set = new RegExp(`\\b${name}\\.Method\\s*=\\s*${head}`);
  const text = facts.file.text.slice(body.startIndex, body.endIndex);
  return built.test(text) || set.test(text);
}

/**
 * `client.Get(key)` in a package none of whose program files imports net/http: the package declares no *http.Client
 * (no field, variable or parameter of that type), so a conventional name there is some other client (ZooKeeper, an
 * API SDK) whose Get returns no response at all. A helper that returns a response is still followed.
 */
function receiverTypeUnproven(ctx: RuleContext): (a: Acquisition) => boolean {
  const imports = factsOf(ctx.file).imports;
  const packageImportsHttp = imports.has(HTTP) || (ctx.packageSummaries?.programSiblings() ?? []).some((s) => s.imports.includes(HTTP));
  return (a) => !packageImportsHttp && methodCall(a.call) !== null && packageCall(a.call, imports) === null;
}

/**
 * `_, err := httputil.Put(url, body)`: the response of a helper that makes requests (a function of the program that
 * returns what client.Do returned) thrown away whole. The caller uses the request as a command and wants nothing of
 * its reply; whether that reply has a body to hold the connection is the server's to say (an empty 200 or a 204 has
 * none: the transport pools the connection at once), and the analyzer does not see the server. A response of
 * net/http's own calls (`_, err := http.Post(…)`) thrown away stays judged, and so does a helper's response that is
 * kept and not closed.
 */
function discardedFromHelper(a: Acquisition, file: RuleContext['file']): boolean {
  return a.discarded && !bodyKind.matches(a.call, factsOf(file));
}

/**
 * Not judged: a response that leaks at most once per process, or only after its body was read to the end or where
 * reading it failed (the transport pools the connection at EOF and closes it on a read error: http/failed-body-read.ts),
 * or only on ways out of a function that cancels the request's context on its way out (http/cancelled-request.ts)
 * (a nil Body is a failure the engine already sees: flow/error-branch.ts), or sent by a local client whose Timeout is
 * a known positive duration (it tears the connection down then: http/client-timeout.ts); nor a call whose receiver is
 * not proven to be an *http.Client.
 */
function skipped(ctx: RuleContext): (a: Acquisition) => boolean {
  const file = ctx.file;
  const once = leaksAtMostOncePerProcess(file);
  const imports = factsOf(file).imports;
  const unproven = receiverTypeUnproven(ctx);
  return (a) =>
    unproven(a) ||
    once(a) ||
    discardedFromHelper(a, file) ||
    leaksOnlyWhereBodyReadThrough(a, file, imports) ||
    releasedByCancelledContext(a, imports) ||
    boundedByClientTimeout(a, imports);
}

export const rule: Rule = {
  id: 'unclosed-body',
  defaultSeverity: 'warning',
  summary: 'An HTTP response body (http.Get/Post/…, client.Do) is not closed on every path.',
  resources: [bodyKind],
  check(ctx) {
    reportLifecycle(ctx, bodyKind, {
      subject: (a) => `${a.name ?? 'resp'}.Body`,
      leak: (_a, subject) => `${subject} is not closed on every path: add defer ${subject}.Close() once the call has succeeded.`,
      discarded: (a) => `The response of ${a.callee} is discarded, so its body is never closed: keep it and add defer resp.Body.Close() once the call has succeeded.`,
      fix: (file, a) => (a.name ? deferAfterCheck(file, a, `defer ${a.name}.Body.Close()`) : null),
      skip: skipped(ctx),
    });
  },
};

declare module '../types' {
  interface RuleCatalogue {
    'unclosed-body': true;
  }
}
