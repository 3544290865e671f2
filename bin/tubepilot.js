#!/usr/bin/env node
// `npx tubepilot …` (or `tubepilot …` once the package is linked): the CLI (src/cli.ts), compiled.
import { launch } from './launch.js';

await launch('cli');
