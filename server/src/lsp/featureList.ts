// Every feature of the language server. To add one: import its factory and append it here (see ./features.ts).
import type { FeatureFactory } from './features';
import { createGoAnalysisFeature } from './go/goAnalysisFeature';
import { createHealthChecksFeature } from './checks/healthChecksFeature';

export const FEATURE_FACTORIES: readonly FeatureFactory[] = [createGoAnalysisFeature, createHealthChecksFeature];
