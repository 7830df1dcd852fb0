// Validation of the folder name typed for a new script (kept free of vscode so that it is unit-tested).
import { isAbsolute, normalize, sep } from 'node:path';

/** Accepts '.' and folder names below the root; refuses absolute paths and paths leaving the root. */
export function validateRelativeFolder(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'Enter a folder name, or . for the workspace folder itself';
  if (isAbsolute(trimmed)) return 'Enter a folder relative to the workspace folder';
  const normalized = normalize(trimmed);
  if (normalized === '..' || normalized.startsWith(`..${sep}`)) return 'The folder must be inside the workspace folder';
  return undefined;
}
