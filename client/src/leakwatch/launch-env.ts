// The leak experiment in a Go launch configuration's env, as plain data. Pure.
import { withLeakExperiment } from './sampler-overlay';

export type LaunchConfig = Record<string, unknown> & { type?: unknown; name?: unknown; env?: unknown };

/** The configuration with the experiment in its env (other variables and experiments are kept). Pure. */
export function withLeakDetection(config: LaunchConfig): LaunchConfig {
  const env = typeof config.env === 'object' && config.env !== null ? { ...(config.env as Record<string, unknown>) } : {};
  env.GOEXPERIMENT = withLeakExperiment(typeof env.GOEXPERIMENT === 'string' ? env.GOEXPERIMENT : undefined);
  return { ...config, env };
}

export const NEW_GO_LAUNCH_CONFIG: LaunchConfig = withLeakDetection({
  name: 'Launch with leak detection',
  type: 'go',
  request: 'launch',
  mode: 'auto',
  program: '${fileDirname}',
});

