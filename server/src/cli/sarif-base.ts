// What every SARIF output of the CLI shares (check and test): the schema, and paths relative to %SRCROOT%, the
// working directory. Kept apart from format-sarif.ts so that `leaklens test` does not load the rule registry.
import { pathToFileURL } from 'node:url';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SOURCE_ROOT = '%SRCROOT%';

/** A folder's file: URI with the trailing slash SARIF needs to resolve relative URIs against it. */
export function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** A file relative to the working directory, as a SARIF artifact location under %SRCROOT%. */
export function artifactLocation(file: string): { uri: string; uriBaseId: string } {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** The one-run SARIF log both commands print: LeakLens as the tool with `rules`, then the run's own fields. */
export function sarifLog(version: string, rules: object[], workingDirectory: string, run: Record<string, unknown>): string {
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'LeakLens', version, rules } },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: folderUri(workingDirectory) } },
        ...run,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
