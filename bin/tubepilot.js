#!/usr/bin/env node
// `npx tubepilot …` (or `tubepilot …` once the package is linked): the CLI, its TypeScript compiled on load by tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
