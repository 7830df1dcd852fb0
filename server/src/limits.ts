// Every size and work limit that keeps LeakLens responsive on hostile or generated input, in one place.
// Nothing may read, parse or expand more than these, in the server or the CLI.

/** The default upper bound of a file's size in bytes (Go and .checks alike): bigger files are generated, or an attack. */
export const DEFAULT_MAX_FILE_SIZE = 2_000_000;

/** A go.mod is a few kilobytes; a bigger one is not read (nor a FIFO or a device: see read-regular-file.ts). */
export const MAX_GO_MOD_SIZE = 1024 * 1024;

/**
 * The most work one template of a .checks file (a URL, a header value, a body) may take to expand its `{{variables}}`:
 * characters the variables produce plus references followed. An URL or a token needs far less; variables that expand
 * each other (`@var v1 = {{v0}}{{v0}}{{v0}}{{v0}}`, nested) would otherwise grow exponentially.
 */
export const MAX_EXPANSION = 16 * 1024;

/** How deep variables may refer to variables (a longer chain is a mistake, or a cycle). */
export const MAX_VARIABLE_DEPTH = 16;

/** The most checks one .checks file defines; the rest are ignored with an error (lenses and pickers stay usable). */
export const MAX_CHECKS_PER_FILE = 1000;

/** The most diagnostics one .checks file gets; a generated or binary file would otherwise get millions. */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

/**
 * The size of `text` in UTF-8 bytes when it may be over `maxBytes`; otherwise a bound under it. Cheap for the common
 * case: a UTF-16 unit is at most 3 UTF-8 bytes, so short texts are not measured at all.
 */
export function utf8SizeUpTo(text: string, maxBytes: number): number {
  return text.length * 3 <= maxBytes ? text.length : Buffer.byteLength(text, 'utf8');
}
