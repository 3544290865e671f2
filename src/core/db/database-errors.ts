// A stopped or unreachable PostgreSQL surfaces in several shapes: Prisma's P1001 (with the driver adapter's
// DatabaseNotReachable cause carrying host and port), P1017 or pg's "Connection terminated unexpectedly"
// when the server goes away mid-session, a node socket error (ECONNREFUSED…), or the migrator's "Can't reach
// database server". Recognising them lets users read "the database is unavailable" instead of a generic
// failure. Only host and port are ever shown: never the user name or password of DATABASE_URL.

export interface DatabaseUnavailable {
  /** What happened, in a few words: "connection refused". */
  reason: string;
  /** host:port, from the error or else from DATABASE_URL; undefined when neither names one. */
  address?: string;
}

const UNREACHABLE = 'cannot connect';
const CLOSED = 'the connection was closed';
const TIMED_OUT = 'no answer in time';

const BY_CODE: Record<string, string> = {
  P1001: UNREACHABLE,
  P1002: TIMED_OUT,
  P1017: CLOSED,
  // PostgreSQL's own: admin shutdown, crash shutdown, cannot connect now (starting up or shutting down).
  '57P01': CLOSED,
  '57P02': CLOSED,
  '57P03': 'the server is starting or stopping',
};

// Socket errors say nothing of who was called (Groq, Slack and YouTube fail the same way): they count only
// inside an error from Prisma or its driver adapter.
const SOCKET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'unknown host',
  EHOSTUNREACH: UNREACHABLE,
  ENETUNREACH: UNREACHABLE,
  ECONNRESET: CLOSED,
  ETIMEDOUT: TIMED_OUT,
};

const BY_KIND: Record<string, string> = {
  DatabaseNotReachable: UNREACHABLE,
  ConnectionClosed: CLOSED,
  SocketTimeout: TIMED_OUT,
};

const BY_MESSAGE: [RegExp, string][] = [
  [/Connection terminated/i, CLOSED],
  [/server closed the connection unexpectedly/i, CLOSED],
  [/Can't reach database server/i, UNREACHABLE],
  [/timeout exceeded when trying to connect/i, TIMED_OUT],
];

/** The error and everything it wraps: causes, aggregated errors and the driver adapter's error. */
function chain(error: unknown, seen = new Set<unknown>()): Record<string, unknown>[] {
  if (error === null || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const node = error as Record<string, unknown>;
  const meta = node.meta as { driverAdapterError?: unknown } | undefined;
  const nested = [node.cause, meta?.driverAdapterError, ...(Array.isArray(node.errors) ? node.errors : [])];
  return [node, ...nested.flatMap((inner) => chain(inner, seen))];
}

function hostPort(host: unknown, port: unknown): string | undefined {
  if (typeof host !== 'string' || host === '') return undefined;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return port === undefined || port === null ? shownHost : `${shownHost}:${String(port)}`;
}

/** host:port of a postgres:// URL, without credentials; undefined for anything else (embedded PGlite). */
function urlAddress(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) return undefined;
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}`;
  } catch {
    return undefined;
  }
}

/** Whether an error means the database cannot be reached now, and where it was expected to be. */
export function databaseUnavailable(error: unknown, databaseUrl?: string): DatabaseUnavailable | undefined {
  const nodes = chain(error);
  const fromDatabase = nodes.some((node) => /^(PrismaClient\w*Error|DriverAdapterError)$/.test(String(node.name)));
  let reason: string | undefined;
  let address: string | undefined;
  for (const node of nodes) {
    const code = typeof node.code === 'string' ? node.code : undefined;
    const kind = typeof node.kind === 'string' ? node.kind : undefined;
    const message = typeof node.message === 'string' ? node.message : '';
    reason ??=
      (code && (BY_CODE[code] ?? (fromDatabase ? SOCKET_CODES[code] : undefined))) ||
      (kind && BY_KIND[kind]) ||
      BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
    address ??= hostPort(node.host ?? node.address, node.port);
  }
  if (!reason) return undefined;
  address ??= urlAddress(databaseUrl);
  return { reason, ...(address ? { address } : {}) };
}
