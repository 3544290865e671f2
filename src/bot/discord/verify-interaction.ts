import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { Worker } from 'node:worker_threads';

// Discord signs every HTTP interaction with the application's Ed25519 key over timestamp + body. node:crypto
// verifies Ed25519 once the raw 32-byte key is wrapped in its fixed SPKI DER prefix.
//
// One verification is ~0.11 ms of CPU (Node 20, Intel Xeon), the largest single part of acknowledging an
// interaction: a burst of 200 spent ~25 ms of the bot's thread on it before its last acknowledgement, while
// that thread also has to accept the connections, read them and answer. A worker thread verifies them instead,
// the requests read in one turn of the loop as one message. Should the worker fail, this thread verifies.

const ED25519_SPKI_PREFIX = '302a300506032b6570032100';

function publicKeyFrom(hex: string): KeyObject {
  return createPublicKey({ key: Buffer.from(ED25519_SPKI_PREFIX + hex, 'hex'), format: 'der', type: 'spki' });
}

/** What the worker runs: the same check as `verifyHere`, on [signed text, signature hex] pairs. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const key = createPublicKey({ key: Buffer.from(workerData.spkiHex, 'hex'), format: 'der', type: 'spki' });
parentPort.on('message', ({ id, items }) => {
  const valid = items.map(([signed, signature]) => verify(null, Buffer.from(signed), key, Buffer.from(signature, 'hex')));
  parentPort.postMessage({ id, valid });
});
`;

interface Check {
  /** timestamp + body: strings cross to the worker cheaply (a small Buffer would carry its 8 KB pool slab). */
  signed: string;
  signatureHex: string;
  settle: (valid: boolean) => void;
}

export class InteractionVerifier {
  private readonly key: KeyObject;
  private worker: Worker | undefined;
  private waiting: Check[] = [];
  /** Batches sent to the worker, by id, until it answers. */
  private readonly sent = new Map<number, Check[]>();
  private lastId = 0;

  constructor(publicKeyHex: string) {
    this.key = publicKeyFrom(publicKeyHex);
    // Started now, not at the first interaction (starting a thread takes tens of ms).
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { spkiHex: ED25519_SPKI_PREFIX + publicKeyHex },
    });
    this.worker.on('message', ({ id, valid }: { id: number; valid: boolean[] }) => {
      const checks = this.sent.get(id) ?? [];
      this.sent.delete(id);
      if (this.sent.size === 0) this.worker?.unref();
      for (const [index, check] of checks.entries()) check.settle(valid[index] === true);
    });
    const failed = () => this.verifyHereFromNowOn();
    this.worker.once('error', failed);
    this.worker.once('exit', failed);
    // Kept alive only while it has checks to answer (ref'd in `send`); after the listeners, which ref it.
    this.worker.unref();
  }

  /** Whether `signatureHex` is the application key's signature of `timestamp` + `body`. */
  verify(signatureHex: string | undefined, timestamp: string | undefined, body: string): Promise<boolean> {
    if (!signatureHex || !timestamp || !/^[0-9a-f]{128}$/i.test(signatureHex)) return Promise.resolve(false);
    return new Promise((settle) => {
      this.waiting.push({ signed: timestamp + body, signatureHex, settle });
      // The requests read in this turn go together, once its I/O callbacks are done.
      if (this.waiting.length === 1) setImmediate(() => this.send());
    });
  }

  private send(): void {
    const checks = this.waiting;
    this.waiting = [];
    if (!this.worker) {
      for (const check of checks) check.settle(this.verifyHere(check));
      return;
    }
    const id = ++this.lastId;
    if (this.sent.size === 0) this.worker.ref();
    this.sent.set(id, checks);
    this.worker.postMessage({ id, items: checks.map(({ signed, signatureHex }) => [signed, signatureHex]) });
  }

  private verifyHere({ signed, signatureHex }: Check): boolean {
    return verify(null, Buffer.from(signed), this.key, Buffer.from(signatureHex, 'hex'));
  }

  /** The worker is gone: what it had not answered, and everything after, is verified on this thread. */
  private verifyHereFromNowOn(): void {
    this.worker = undefined;
    for (const checks of this.sent.values()) for (const check of checks) check.settle(this.verifyHere(check));
    this.sent.clear();
  }
}
