// Writes a new script's files. Never overwrites a file unless the caller was told it exists and said so: the check
// and the write are one step (the 'wx' flag), so a file created meanwhile is not clobbered either.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { goModContent, isInsideGoModule, moduleNameFor } from './go-module';

export interface ScaffoldPlan {
  readonly folder: string;
  readonly mainGo: string;
  /** The go.mod content, or undefined when the folder is already inside a module. */
  readonly goMod: string | undefined;
}

export function planScaffold(folder: string, templateText: string): ScaffoldPlan {
  return {
    folder,
    mainGo: templateText,
    goMod: isInsideGoModule(folder) ? undefined : goModContent(moduleNameFor(folder)),
  };
}

/** Thrown when a file exists and the caller did not allow overwriting it. */
export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists`);
  }
}

/**
 * Creates the folder and writes main.go (replacing an existing one only when `overwriteMainGo`, else throwing
 * FileExistsError) and go.mod (never replacing one: a go.mod that appeared meanwhile is the module to join).
 * Returns the path of main.go.
 */
export async function writeScaffold(plan: ScaffoldPlan, overwriteMainGo: boolean): Promise<string> {
  await mkdir(plan.folder, { recursive: true });
  const mainGo = join(plan.folder, 'main.go');
  if (!(await writeFileOnce(mainGo, plan.mainGo, overwriteMainGo))) throw new FileExistsError(mainGo);
  if (plan.goMod !== undefined) await writeFileOnce(join(plan.folder, 'go.mod'), plan.goMod, false);
  return mainGo;
}

/** Writes the file; without `overwrite`, leaves an existing file alone and returns false. */
async function writeFileOnce(path: string, content: string, overwrite: boolean): Promise<boolean> {
  try {
    await writeFile(path, content, { flag: overwrite ? 'w' : 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
