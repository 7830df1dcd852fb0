// A small glob matcher for `leaklens.exclude` (node:path's matchesGlob is still experimental in Node 20).
// Supported: `**` (any run of folders, also none), `*` (any run of characters within one path segment), `?` (one
// character except `/`), `{a,b}` (alternatives, not nested), `[abc]` / `[!abc]` (character classes). Paths use `/`.

const cache = new Map<string, RegExp>();

/** Compiles a glob into an anchored RegExp. Unbalanced `{` or `[` are taken literally rather than rejected. */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = '';
  let inBraces = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` also matches no folder at all; a trailing `**` matches everything below.
        const slashFollows = glob[i + 2] === '/';
        source += slashFollows ? '(?:.*/)?' : '.*';
        i += slashFollows ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{' && !inBraces && glob.indexOf('}', i) > i) {
      inBraces = true;
      source += '(?:';
    } else if (c === '}' && inBraces) {
      inBraces = false;
      source += ')';
    } else if (c === ',' && inBraces) {
      source += '|';
    } else if (c === '[' && glob.indexOf(']', i + 2) > i) {
      const end = glob.indexOf(']', i + 2);
      const body = glob.slice(i + 1, end);
      const negated = body.startsWith('!');
      source += `[${negated ? '^' : ''}${escapeClass(negated ? body.slice(1) : body)}]`;
      i = end;
    } else {
      source += escapeLiteral(c);
    }
  }
  const regExp = new RegExp(`^${source}$`);
  cache.set(glob, regExp);
  return regExp;
}

/** True when `path` (with `/` separators) matches any of `globs`. */
export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(path));
}

function escapeLiteral(c: string): string {
  return /[\\^$.|+()[\]{}]/.test(c) ? `\\${c}` : c;
}

function escapeClass(body: string): string {
  return body.replace(/[\\\]^]/g, (m) => `\\${m}`);
}
