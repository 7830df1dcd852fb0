// Text from the code (a name, a string literal) matched literally inside a regular expression built around it.
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
