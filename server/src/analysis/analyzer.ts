// The one entry point to analysis, shared by the language server and the CLI.
import type { Parser, Tree } from './parser';
import { PackageSummaries, summarizeFile as summarizeWithKinds, type FileSummary, type ModulePackages } from './engine/summaries';
import { createGenerationParser, isWasmAbort, replaceDeadInstance, wasmGeneration } from './parser';
import { isDiagnosticBuildOnly, isGeneratedGoSource, isIgnoredBuildScript, isTaggedProgramBesideLibrary } from './files';
import { factsOf } from './engine/file-facts';
import { MAX_TREE_DEPTH, tooDeepToAnalyse } from './flow/nesting';
import { outsideRanges, testCodeReason, testFunctionRanges } from './flow/test-code';
import { allResourceKinds, allRules } from './registry';
import type { GoFile, GoVersion, ReportedFinding } from './rule';
import { applySuppressions } from './suppressions';
import type { Finding, RuleId, Severity } from './types';

export type RuleSetting = Severity | 'off';

export interface AnalysisSettings {
  /** Per-rule severity or 'off'; rules not named keep their default severity. */
  rules?: Partial<Record<RuleId, RuleSetting>>;
  goVersion?: GoVersion;
  /**
   * Analyse test code too: scaffolding folders, files named as test doubles, files importing a test framework (or
   * part of one), code generators run by `//go:generate go run` and functions taking a *testing.T
   * (flow/test-code.ts). Off by default: what a test leaves open ends with the test binary.
   */
  analyzeScaffolding?: boolean;
  /**
   * Why the file's whole package is test code, known only from the other packages of its module (flow/test-code.ts,
   * moduleTestCode): set per package by a run that reads the module, the CLI.
   */
  packageTestCode?: string;
}

export type { FileSummary, ModulePackages } from './engine/summaries';
export { forImporters, unparsedGeneratedFileSummary, unparsedTestFileSummary } from './engine/summaries';

/** What the other files of a package need to know about this one (helpers, fields read); cached per GoFile. */
export function summarizeFile(file: GoFile): FileSummary {
  return summarizeWithKinds(file, allResourceKinds);
}

/**
 * Runs every enabled rule over an already parsed file. A rule that throws is reported on stderr and skipped.
 * `siblings` are summarizeFile() results of the other .go files in the same folder; those with another package clause
 * are ignored. They let rules follow same-package helpers (`defer closeBody(resp)`). `modulePackages`: the summaries of
 * the packages of the same module the file's package imports, directly or not, by import path (`util.CloseQuietly(f)`).
 */
export function analyzeFile(file: GoFile, settings: AnalysisSettings = {}, siblings: readonly FileSummary[] = [], modulePackages?: ModulePackages): Finding[] {
  const findings: Finding[] = [];
  const skipTestCode = settings.analyzeScaffolding !== true;
  // Not written by hand (generated code), or not part of the program users run: a `go run` script, a debugging build,
  // a test harness, test support, a code generator or script.
  if (isIgnoredBuildScript(file.text) || isDiagnosticBuildOnly(file.text) || isGeneratedGoSource(file.text)) return findings;
  if (skipTestCode && isTaggedProgramBesideLibrary(file.text, factsOf(file).packageName, siblings.filter((s) => !s.testFile).map((s) => s.packageName))) return findings;
  if (skipTestCode && testCodeReason(file, settings.packageTestCode) !== undefined) return findings;
  if (tooDeepToAnalyse(file.tree)) {
    process.stderr.write(`leaklens: ${file.path ?? 'an untitled file'} nests deeper than ${MAX_TREE_DEPTH} syntax levels; not analysed\n`);
    return findings;
  }
  const packageSummaries = new PackageSummaries(file, siblings, allResourceKinds, modulePackages);
  const ranRules = new Set<RuleId>();
  for (const rule of allRules) {
    const setting = settings.rules?.[rule.id];
    // A rule off by default runs only when a setting names a severity for it.
    const severity = setting ?? rule.defaultSeverity;
    if (severity === 'off') continue;
    const report = (f: ReportedFinding): void => {
      // A setting outranks the severity a finding asks for; the rule's default does not.
      findings.push({ related: [], fixes: [], ...f, rule: rule.id, severity: setting === undefined ? (f.severity ?? severity) : severity });
    };
    try {
      rule.check({ file, goVersion: settings.goVersion, packageSummaries, report });
      ranRules.add(rule.id);
    } catch (err) {
      process.stderr.write(`leaklens: rule ${rule.id} failed on ${file.path ?? 'an untitled file'}: ${String(err)}\n`);
    }
  }
  // After the suppressions: a suppression comment inside a test function still counts as used.
  const reported = applySuppressions(file, findings, { ranRules });
  // The test functions are looked for only when there is a finding they could hide: most files have none.
  return (skipTestCode && reported.length > 0 ? outsideRanges(reported, testFunctionRanges(file)) : reported).sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** tree-sitter's wasm instance ran out of memory on a text; the analyzer recovers with a fresh one (see ready()). */
export class ParserAbortedError extends Error {
  constructor() {
    super('the Go parser ran out of memory on this file (tree-sitter aborted); it was restarted and the file is skipped');
    this.name = 'ParserAbortedError';
  }
}

/**
 * Parses and analyses whole texts; owns one parser. Call dispose() when done. A wasm abort in parse() throws
 * ParserAbortedError and starts a fresh parser in a fresh wasm instance: await ready() before the next parse.
 */
export class GoAnalyzer {
  private recovering: Promise<void> | undefined;

  private constructor(
    private parser: Parser,
    private parserGeneration: number,
  ) {}

  static async create(): Promise<GoAnalyzer> {
    const { parser, generation } = await createGenerationParser();
    return new GoAnalyzer(parser, generation);
  }

  /** The wasm generation of the parser: trees of another generation belong to a dead instance (see GoTrees). */
  get generation(): number {
    return this.parserGeneration;
  }

  /** Resolves once the parser is usable: at once, or when the replacement of a dead one is loaded. */
  async ready(): Promise<void> {
    if (this.parserGeneration !== wasmGeneration()) this.recover();
    await this.recovering;
  }

  /** Parses `text` (reusing `oldTree` if it was edited to match) and returns the new tree; the caller owns it. */
  parse(text: string, oldTree?: Tree): Tree {
    if (this.recovering || this.parserGeneration !== wasmGeneration()) {
      this.recover();
      throw new ParserAbortedError();
    }
    let tree: Tree | null;
    try {
      tree = this.parser.parse(text, oldTree ?? null);
    } catch (err) {
      if (!isWasmAbort(err)) throw err;
      replaceDeadInstance(this.parserGeneration);
      this.recover();
      throw new ParserAbortedError();
    }
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  analyzeText(text: string, path: string | undefined, settings?: AnalysisSettings, siblings?: readonly FileSummary[], modulePackages?: ModulePackages): Finding[] {
    const tree = this.parse(text);
    try {
      return analyzeFile({ path, text, tree }, settings, siblings, modulePackages);
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    if (this.parserGeneration === wasmGeneration()) this.parser.delete();
  }

  private recover(): void {
    this.recovering ??= createGenerationParser().then(
      ({ parser, generation }) => {
        this.parser = parser;
        this.parserGeneration = generation;
        this.recovering = undefined;
      },
      () => {
        // Loading failed (it should not: the files are the same); the next ready() or parse() tries again.
        this.recovering = undefined;
      },
    );
  }
}
