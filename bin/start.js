// `npm start`: the bot or the local console (src/main.ts), compiled.
import { launch } from './launch.js';

await launch('main');
