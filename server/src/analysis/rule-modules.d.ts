// Generated at build time by esbuild.mjs from the files in ./rules.
declare module 'virtual:rule-modules' {
  import type { Rule } from './rule';
  const rules: Rule[];
  export default rules;
}
