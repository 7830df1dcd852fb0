// The one line the LeakLens output starts with, so a bug report carries the facts: extension version, language server
// PID, Node version, workspace folders and the settings that differ from their defaults. Pure: unit-tested.

export interface StartupFacts {
  version: string;
  serverPid: number | undefined;
  nodeVersion: string;
  folders: readonly string[];
  /** Setting → value, only those that differ from the default. */
  changedSettings: ReadonlyArray<[string, unknown]>;
}

export function startupLine(facts: StartupFacts): string {
  const settings = facts.changedSettings.map(([key, value]) => `${key}=${JSON.stringify(maskCredentials(value))}`);
  return [
    `LeakLens ${facts.version}`,
    `server PID ${facts.serverPid ?? 'not running'}`,
    `Node ${facts.nodeVersion}`,
    `folders: ${facts.folders.length > 0 ? facts.folders.join(', ') : 'none'}`,
    `settings changed from defaults: ${settings.length > 0 ? settings.join(', ') : 'none'}`,
  ].join(' · ');
}

/** Settings whose value differs from the manifest's default (compared as JSON). */
export function changedSettings(defaults: Readonly<Record<string, unknown>>, current: (key: string) => unknown): Array<[string, unknown]> {
  return Object.entries(defaults).flatMap(([key, fallback]): Array<[string, unknown]> => {
    const value = current(key);
    return value === undefined || JSON.stringify(value) === JSON.stringify(fallback) ? [] : [[key, value]];
  });
}

/** A URL's user:password never reaches the log (a pprof URL setting may carry one). */
function maskCredentials(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/(\/\/)[^/@\s]+@/g, '$1***@') : value;
}
