// Writes docs/configuration.md from the configuration schema (see src/core/config-reference.ts).
import { writeFileSync } from 'node:fs';
import { configReference } from '../src/core/config-reference.js';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), configReference());
console.log('wrote docs/configuration.md');
