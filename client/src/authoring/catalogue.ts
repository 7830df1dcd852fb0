// The templates of "LeakLens: New Automation Script…". Each is one self-contained main.go under templates/<id>/ in
// the extension folder (shipped in the VSIX), kept as a real Go file so that gofmt, go vet and LeakLens check it.

export interface ScriptTemplate {
  /** Folder under templates/, also the suggested folder name of the new script. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
}

export const SCRIPT_TEMPLATES: readonly ScriptTemplate[] = [
  {
    id: 'health-checker',
    label: 'HTTP health checker',
    description: 'Concurrent, bounded GETs with timeouts: healthy 2xx/3xx, unhealthy otherwise, failed without an answer; exit code = failures',
  },
  {
    id: 'periodic-job',
    label: 'Periodic job',
    description: 'A ticker loop with a per-run deadline that stops cleanly on SIGINT/SIGTERM',
  },
  {
    id: 'batch-runner',
    label: 'Batch runner over many hosts',
    description: 'One command per host, bounded fan-out, a timeout per host, all errors collected',
  },
  {
    id: 'log-watcher',
    label: 'Log watcher',
    description: 'Follows a log like tail -F with bufio.Scanner, surviving rotation and truncation',
  },
  {
    id: 'file-syncer',
    label: 'File syncer',
    description: 'filepath.WalkDir + io.Copy into temp files renamed into place, files closed on every path',
  },
];

/** The path of a template's main.go relative to the extension folder. */
export function templatePath(template: ScriptTemplate): string[] {
  return ['templates', template.id, 'main.go'];
}
