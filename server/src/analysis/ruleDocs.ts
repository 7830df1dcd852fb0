// The rule documentation pages shipped with the extension and the npm package (docs/rules/<id>.md next to dist/): as
// links (diagnostics, SARIF), as the hover's "why it matters" paragraph and as SARIF rule help — read from the page so
// the text lives in one place only.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRuleId } from './registry';

/** docs/rules, seen from the bundle in dist/ (and from out/test/<folder>/ when tests bundle this module: one more level). */
function rulesFolder(): string {
  const besideDist = path.join(__dirname, '..', 'docs', 'rules');
  return fs.existsSync(besideDist) ? besideDist : path.join(__dirname, '..', '..', '..', 'docs', 'rules');
}

export function ruleDocPath(ruleId: string): string {
  return path.join(rulesFolder(), `${ruleId}.md`);
}

/** file:// URL of a rule's page; undefined for codes that are not rules. */
export function ruleDocHref(ruleId: string): string | undefined {
  return isRuleId(ruleId) ? pathToFileURL(ruleDocPath(ruleId)).href : undefined;
}

/** The whole page, for tools that embed rule help (SARIF); undefined for codes that are not rules or a missing page. */
export function ruleDocMarkdown(ruleId: string): string | undefined {
  if (!isRuleId(ruleId)) return undefined;
  try {
    return fs.readFileSync(ruleDocPath(ruleId), 'utf8');
  } catch {
    return undefined;
  }
}

const whyCache = new Map<string, string | undefined>();

/**
 * The first paragraph under the page's "Why…" heading (e.g. "## Why it matters"), or undefined when the page or the
 * section is missing. Read once per rule.
 */
export function ruleDocWhy(ruleId: string): string | undefined {
  if (whyCache.has(ruleId)) return whyCache.get(ruleId);
  let why: string | undefined;
  try {
    why = firstParagraphUnder(fs.readFileSync(ruleDocPath(ruleId), 'utf8'), /^#{2,3}\s+why\b/i);
  } catch {
    why = undefined; // no page (yet): the hover goes without this paragraph
  }
  whyCache.set(ruleId, why);
  return why;
}

export function firstParagraphUnder(markdown: string, heading: RegExp): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return undefined;
  const paragraph: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#/.test(line) || line.startsWith('```')) break;
    if (line.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return paragraph.length > 0 ? paragraph.join(' ') : undefined;
}
