// Go test files run as short-lived processes: a missing timeout or a Transport per table case cannot pile up there, so the
// rules about long-running behaviour stay quiet in them.
export function isGoTestFile(path: string | undefined): boolean {
  return path !== undefined && /_test\.go$/.test(path);
}
