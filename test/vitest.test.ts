import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConformance } from '../src/vitest.js';
import type { ConformanceConfig } from '../src/config/types.js';

// the helper turns each rule into a test of this file: they pass (or are skipped) for the bundled example
const example = join(import.meta.dirname, '..', 'examples', 'orders-projection');
const config = JSON.parse(readFileSync(join(example, 'conformance.config.json'), 'utf8')) as ConformanceConfig;
describeConformance({ ...config, handler: join(example, 'handler.ts'), runs: 8 }, { seed: 3 });
