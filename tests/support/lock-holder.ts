// A process that holds a data folder's lock and nothing else — no database, no command socket: what a CLI
// meets when the holder cannot take its command. With `--socket` it also listens on the command socket
// (to be killed, leaving a socket file nobody answers). Prints "locked" when ready; releases at end of input.
import { createServer } from 'node:net';
import { commandSocketPath } from '../../src/bot/cli/command-socket.js';
import { acquireDataDirLock } from '../../src/core/db/data-dir-lock.js';

const [dataDir = '', flag] = process.argv.slice(2);
const lock = acquireDataDirLock(dataDir, 'lock-holder test process');
if (flag === '--socket') {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(commandSocketPath(dataDir), resolve));
}
process.stdout.write(`locked${lock.tookOverFrom ? ` (took over from pid ${lock.tookOverFrom.pid})` : ''}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  lock.release();
  process.exit(0);
});
