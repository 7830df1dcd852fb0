// The one masking function for everything health checks write anywhere: stdout, stderr, LSP results and diagnostics,
// logs. URL passwords are hidden wherever a URL appears in the text, and every known secret value is replaced.

/**
 * A URL's scheme and user info. The user info runs to the *last* `@` of the authority, as URL parsers read it
 * (`https://user:p@ss@host` has the password `p@ss`); it stops at a path, query, fragment, white space or quote.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>`]*)@/gi;

export const MASK = '***';

/** `https://user:pass@host/` → `https://user:***@host/`, for every URL in `text`. */
export function hidePasswords(text: string): string {
  return text.replace(URL_USERINFO, (whole, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? whole : `${scheme}${userinfo.slice(0, colon)}:${MASK}@`;
  });
}

/** The passwords of the URLs in `text`: secrets like any other. */
export function passwordsOf(text: string): string[] {
  const passwords: string[] = [];
  for (const match of text.matchAll(URL_USERINFO)) {
    const colon = match[2].indexOf(':');
    if (colon >= 0 && colon < match[2].length - 1) passwords.push(match[2].slice(colon + 1));
  }
  return passwords;
}

/**
 * Hides URL passwords and every secret of three characters or more (shorter ones would mask half of any text; a
 * header value that short is no secret worth the name). Longer secrets first, so a secret containing another goes whole.
 */
export function mask(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of [...new Set(secrets)].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 3) out = out.split(secret).join(MASK);
  }
  return hidePasswords(out);
}
