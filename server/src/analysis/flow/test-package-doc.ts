// "Does the package say it exists for tests?" A Go package comment opens with a synopsis sentence, and a package made
// for tests says so there: "Package goproxytest serves Go modules from a proxy server designed to run on localhost
// during tests", "Package aetest provides an API for running dev_appserver for use in tests", "Package integration
// holds test-only code". Its authors have said what runs it: a test binary, or a developer by hand for a moment. Only
// the synopsis counts: a later paragraph ("For testing purposes, the command can send fake traces") describes one
// feature of a program that stays one, and "tools for testing resilience" names a product, not its tests.

/** The phrases of a synopsis that say the package is for tests, or not for production. */
const FOR_TESTS = [
  /\b(?:for use in|used in|used by|during|for|in) (?:(?:unit|integration|end-to-end|e2e|acceptance)[- ])?tests\b/i,
  /\btest[- ]only\b/i,
  /\bfor testing purposes\b/i,
  /\bonly for testing\b/i,
  // At the end only: "an in-memory store for testing." (not "tools for testing resilience").
  /\bfor testing(?: only)?$/i,
  /\bnot (?:intended|meant|suitable|suited|designed) for production\b/i,
];

/** The comment group right above the package clause, its markers removed, or '' when there is none. */
export function packageComment(text: string): string {
  const clause = /^package\s+\w+/m.exec(text);
  if (!clause) return '';
  // Only the text above the clause is split: a file's body can be long, its header is not.
  const lines = text.slice(0, clause.index).replace(/\r?\n$/, '').split(/\r?\n/);
  if (lines[lines.length - 1].trim().endsWith('*/')) {
    const above = lines.join('\n');
    const start = above.lastIndexOf('/*');
    return start < 0 ? '' : above.slice(start + 2, above.lastIndexOf('*/'));
  }
  const comment: string[] = [];
  for (let i = lines.length - 1; i >= 0 && lines[i].trimStart().startsWith('//'); i--) comment.unshift(lines[i].trimStart().slice(2));
  return comment.join('\n');
}

/** The first sentence of the package comment of `text` (Go's synopsis), whitespace collapsed, without its period. */
export function packageSynopsis(text: string): string {
  const paragraph = packageComment(text).split(/\n\s*\n/)[0] ?? '';
  const flat = paragraph.replace(/\s+/g, ' ').trim();
  const end = flat.search(/\.(?:\s|$)/);
  return (end < 0 ? flat : flat.slice(0, end)).trim();
}

/** The synopsis of `text` when it says its package exists for tests (FOR_TESTS), or undefined. */
export function testOnlySynopsis(text: string): string | undefined {
  const synopsis = packageSynopsis(text);
  return FOR_TESTS.some((phrase) => phrase.test(synopsis)) ? synopsis : undefined;
}
