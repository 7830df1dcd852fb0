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
