// Generated at build time by esbuild.mjs from the files in ./scenarios (one entry per scenario module, in file-name
// order). The modules are checked against the Scenario contract of harness.ts when e2e.test.ts loads them.
declare module 'virtual:e2e-scenarios' {
  const scenarioModules: { file: string; module: Record<string, unknown> }[];
  export default scenarioModules;
}
