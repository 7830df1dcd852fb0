// Why a check got no HTTP answer, in words a user understands. Node's error codes are mapped to a small set of
// categories; unknown errors keep only their code, never a message that could echo request data.

/** Errors the runner raises itself (the deadline, a cancel, redirect handling). Their message is already user-facing. */
export class CheckFailure extends Error {}

export const CANCELLED = 'cancelled';
export const MAX_REDIRECTS = 5;

export function timeoutMessage(timeoutMs: number): string {
  return `timeout after ${timeoutMs} ms`;
}

const TLS_CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA']);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects (several addresses) fail with an AggregateError of per-address errors.
  if (err instanceof AggregateError) return err.errors.map(codeOf).find((c) => c !== undefined);
  return undefined;
}

/** The user-facing category of a request error. */
export function describeRequestError(err: unknown): string {
  if (err instanceof CheckFailure) return err.message;
  const code = codeOf(err);
  if (code === undefined) return 'request failed';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ERR_INVALID_URL') return 'invalid URL';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE') return 'connection reset';
  if (DNS_CODES.has(code)) return 'DNS lookup failed';
  if (code === 'ETIMEDOUT') return 'connection timed out';
  if (code === 'EHOSTUNREACH') return 'host unreachable';
  if (code === 'ENETUNREACH') return 'network unreachable';
  if (TLS_CERTIFICATE_CODES.has(code)) {
    const detail = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? "the certificate is not for this host name" : (err as Error).message;
    return `TLS certificate error: ${detail}`;
  }
  if (code.startsWith('ERR_SSL_') || code === 'EPROTO') return 'TLS handshake failed';
  if (code.startsWith('HPE_')) return 'invalid HTTP response';
  return `request failed (${code})`;
}
