import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { markScriptPublished, ScriptStateError } from '../../core/ai/script-store.js';
import { latestStrategy } from '../../core/ai/strategy-store.js';
import { OWN_CHANNELS } from '../../core/channels/channel-directory.js';
import type { Db } from '../../core/db/database.js';
import { sameNameAnyCase } from '../../core/db/like-pattern.js';
import type { Logger } from '../../core/logger.js';
import { authenticateApiToken } from '../../core/pipeline/api-tokens.js';
import {
  SCRIPT_VIEW_SELECT,
  scriptApprovedEventSchema,
  scriptSchema,
  scriptStatusSchema,
  scriptView,
  strategySchema,
} from '../../core/pipeline/pipeline-schemas.js';
import { BodyTooLargeError, type Route, readBody, sendJson } from './http-server.js';

// The pipeline API: a content-generation pipeline reads a team's approved scripts and current strategy, and
// reports which video a script became. Every endpoint is declared once below — path, zod schemas, handler —
// and the same declarations route requests, validate them and generate the OpenAPI description. A token sees
// its own team's channels only; another team's channel answers exactly like one that does not exist.

export const API_PREFIX = '/api/v1';

export interface ApiDeps {
  db: Db;
  log: Logger;
  now(): Date;
}

const errorSchema = z.object({
  error: z.object({
    code: z.enum(['unauthorized', 'not_found', 'invalid_request', 'conflict', 'internal']),
    message: z.string(),
    field: z.string().optional().describe('the request field that is wrong (invalid_request)'),
    id: z.string().optional().describe('log id of an internal error, to quote to the operator'),
  }),
});

const channelListSchema = z.object({
  channels: z.array(z.object({ name: z.string(), title: z.string(), source: z.string(), timezone: z.string() })),
});
const scriptListSchema = z.object({ scripts: z.array(scriptSchema) });
const publishedBodySchema = z.object({
  videoId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{11}$/, 'expected a YouTube video id (11 characters)')
    .describe('the YouTube id of the uploaded video'),
});
const publishedResultSchema = z.object({
  script: scriptSchema,
  linked: z.boolean().describe('false: the video is not stored yet; the link is made when a refresh brings it'),
});

/** Every schema the description names, under these component names. */
const components = z.registry<{ id: string }>();
components.add(errorSchema, { id: 'Error' });
components.add(channelListSchema, { id: 'ChannelList' });
components.add(scriptSchema, { id: 'Script' });
components.add(scriptListSchema, { id: 'ScriptList' });
components.add(strategySchema, { id: 'Strategy' });
components.add(publishedBodySchema, { id: 'PublishedRequest' });
components.add(publishedResultSchema, { id: 'PublishedResult' });
components.add(scriptApprovedEventSchema, { id: 'ScriptApprovedEvent' });

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: z.infer<typeof errorSchema>['error']['code'],
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

interface Call<Q, B> {
  deps: ApiDeps;
  teamId: number;
  params: Record<string, string>;
  query: Q;
  body: B;
}

interface Endpoint<Q = unknown, B = unknown> {
  method: 'GET' | 'POST';
  /** OpenAPI-style path under API_PREFIX, e.g. `/channels/{name}/scripts`. */
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType<B>;
  response: z.ZodType;
  handle(call: Call<Q, B>): Promise<unknown>;
}

function endpoint<Q, B>(declaration: Endpoint<Q, B>): Endpoint {
  return declaration as unknown as Endpoint;
}

/** The channel named in the path, if it is one of the team's own. */
async function teamChannel(call: Call<unknown, unknown>): Promise<{ id: number; name: string }> {
  const channel = await call.deps.db.channel.findFirst({
    where: { teamId: call.teamId, ...OWN_CHANNELS, name: sameNameAnyCase(call.params.name ?? '') },
    select: { id: true, name: true },
  });
  if (!channel) throw notFound('channel');
  return channel;
}

function scriptId(call: Call<unknown, unknown>): number {
  const id = Number(call.params.id);
  if (!Number.isSafeInteger(id) || id < 1) throw notFound('script');
  return id;
}

const endpoints: Endpoint[] = [
  endpoint({
    method: 'GET',
    path: '/channels',
    summary: "The team's channels",
    response: channelListSchema,
    async handle({ deps, teamId }) {
      const channels = await deps.db.channel.findMany({
        where: { teamId, ...OWN_CHANNELS },
        orderBy: { name: 'asc' },
        select: { name: true, title: true, source: true, timezone: true },
      });
      return { channels };
    },
  }),
  endpoint({
    method: 'GET',
    path: '/channels/{name}/scripts',
    summary: "A channel's scripts, oldest first (a pipeline's queue: status=approved)",
    query: z.object({
      status: scriptStatusSchema.optional().describe('only scripts in this state (default: all)'),
      limit: z.coerce.number().int().min(1).max(500).default(100).describe('at most this many'),
    }),
    response: scriptListSchema,
    async handle(call: Call<{ status?: z.infer<typeof scriptStatusSchema>; limit: number }, unknown>) {
      const channel = await teamChannel(call);
      const rows = await call.deps.db.generatedScript.findMany({
        where: { channelId: channel.id, ...(call.query.status ? { status: call.query.status } : {}) },
        orderBy: { id: 'asc' },
        take: call.query.limit,
        select: SCRIPT_VIEW_SELECT,
      });
      return { scripts: rows.map(scriptView) };
    },
  }),
  endpoint({
    method: 'GET',
    path: '/channels/{name}/scripts/{id}',
    summary: 'One script',
    response: scriptSchema,
    async handle(call) {
      const channel = await teamChannel(call);
      const row = await call.deps.db.generatedScript.findFirst({
        where: { id: scriptId(call), channelId: channel.id },
        select: SCRIPT_VIEW_SELECT,
      });
      if (!row) throw notFound('script');
      return scriptView(row);
    },
  }),
  endpoint({
    method: 'POST',
    path: '/channels/{name}/scripts/{id}/published',
    summary: 'Report the YouTube video an approved script was published as (idempotent)',
    body: publishedBodySchema,
    response: publishedResultSchema,
    async handle(call: Call<unknown, z.infer<typeof publishedBodySchema>>) {
      const channel = await teamChannel(call);
      const id = scriptId(call);
      let result: { linked: boolean } | null;
      try {
        result = await markScriptPublished(call.deps.db, channel.id, id, call.body.videoId);
      } catch (error) {
        if (error instanceof ScriptStateError) throw new ApiError(409, 'conflict', error.message);
        throw error;
      }
      if (!result) throw notFound('script');
      const row = await call.deps.db.generatedScript.findUniqueOrThrow({ where: { id }, select: SCRIPT_VIEW_SELECT });
      return { script: scriptView(row), linked: result.linked };
    },
  }),
  endpoint({
    method: 'GET',
    path: '/channels/{name}/strategy',
    summary: "The channel's current content strategy",
    response: strategySchema,
    async handle(call) {
      const channel = await teamChannel(call);
      const strategy = await latestStrategy(call.deps.db, channel.id);
      if (!strategy) throw notFound('strategy');
      return {
        channel: channel.name,
        version: strategy.version,
        writer: strategy.writer,
        generatedAt: strategy.generatedAt.toISOString(),
        summary: strategy.summary,
        recommendedTopics: strategy.recommendedTopics,
        avoidTopics: strategy.avoidTopics,
        style: strategy.style,
        pacing: strategy.pacing,
        hookTemplates: strategy.hookTemplates,
        postingWindows: strategy.postingWindows,
        nextTests: strategy.nextTests,
        basis: {
          videoCount: strategy.basisVideoCount,
          from: strategy.basisFrom?.toISOString() ?? null,
          to: strategy.basisTo?.toISOString() ?? null,
        },
      };
    },
  }),
];

/** `/channels/{name}/scripts` matched against `/channels/demo/scripts`: the path parameters, or null. */
function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const value = got[index] ?? '';
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      if (value === '') return null;
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (part !== value) return null;
  }
  return params;
}

function invalid(error: z.ZodError, where: string): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  return new ApiError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`, field);
}

function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

async function answer(deps: ApiDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const path = url.pathname.slice(API_PREFIX.length);
  if (path === '/openapi.json' && request.method === 'GET') {
    sendJson(response, 200, openApiDocument());
    return;
  }
  const matches = endpoints.flatMap((candidate) => {
    const params = matchPath(candidate.path, path);
    return params ? [{ endpoint: candidate, params }] : [];
  });
  const match = matches.find((candidate) => candidate.endpoint.method === request.method);
  // Authentication comes first, so nothing about the API's shape is answered without a valid token.
  const token = bearerToken(request);
  const caller = token ? await authenticateApiToken(deps.db, token, deps.now()) : null;
  if (!caller) {
    response.setHeader('www-authenticate', 'Bearer realm="tubepilot"');
    throw new ApiError(401, 'unauthorized', token ? 'invalid or revoked token' : 'missing bearer token');
  }
  if (!match) {
    if (matches.length > 0) throw new ApiError(405, 'invalid_request', `${request.method} is not allowed here`);
    throw notFound('endpoint');
  }
  const query = match.endpoint.query?.safeParse(Object.fromEntries(url.searchParams));
  if (query && !query.success) throw invalid(query.error, 'query');
  let body: unknown;
  if (match.endpoint.body) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readBody(request, 64_000));
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw error;
      throw new ApiError(400, 'invalid_request', 'body: expected a JSON object', 'body');
    }
    const checked = match.endpoint.body.safeParse(parsed);
    if (!checked.success) throw invalid(checked.error, 'body');
    body = checked.data;
  }
  const result = await match.endpoint.handle({
    deps,
    teamId: caller.teamId,
    params: match.params,
    query: query?.data,
    body,
  });
  sendJson(response, 200, match.endpoint.response.parse(result));
}

/** The API's routes on the bot's HTTP server. */
export function pipelineApiRoutes(deps: ApiDeps): Route[] {
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      await answer(deps, request, response);
    } catch (error) {
      if (error instanceof ApiError) {
        const field = error.field ? { field: error.field } : {};
        sendJson(response, error.status, { error: { code: error.code, message: error.message, ...field } });
        return;
      }
      if (error instanceof BodyTooLargeError) throw error; // the server answers 413
      const errorId = randomBytes(4).toString('hex');
      deps.log.error(
        { err: error, errorId, path: new URL(request.url ?? '/', 'http://localhost').pathname },
        'pipeline API request failed',
      );
      sendJson(response, 500, { error: { code: 'internal', message: 'internal error', id: errorId } });
    }
  };
  return [
    { method: 'GET', path: `${API_PREFIX}/`, prefix: true, handle },
    { method: 'POST', path: `${API_PREFIX}/`, prefix: true, handle },
  ];
}

let cachedDocument: unknown;

/** The OpenAPI 3.1 description, generated from the endpoint declarations and their zod schemas. */
export function openApiDocument(): unknown {
  if (cachedDocument) return cachedDocument;
  const { schemas } = z.toJSONSchema(components, { uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${components.get(schema)?.id}` });
  const json = (schema: z.ZodType) => ({ 'application/json': { schema: ref(schema) } });
  const error = (description: string) => ({ description, content: json(errorSchema) });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const declared of endpoints) {
    const pathParams = [...declared.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: name === 'id' ? { type: 'integer', minimum: 1 } : { type: 'string' },
    }));
    const queryParams = Object.entries(declared.query?.shape ?? {}).map(([name, schema]) => {
      const { $schema: _, description, ...rest } = z.toJSONSchema(schema as z.ZodType, { io: 'input' });
      return {
        name,
        in: 'query',
        required: !(schema as z.ZodType).safeParse(undefined).success,
        description,
        schema: rest,
      };
    });
    const operation: Record<string, unknown> = {
      summary: declared.summary,
      parameters: [...pathParams, ...queryParams],
      responses: {
        '200': { description: 'OK', content: json(declared.response) },
        '400': error('Malformed request; `field` names what is wrong'),
        '401': error('Missing, unknown or revoked token'),
        '404': error("Unknown channel, script or strategy (another team's channel is unknown too)"),
        ...(declared.method === 'POST' ? { '409': error('The script is not in a state that allows this') } : {}),
      },
    };
    if (declared.body) operation.requestBody = { required: true, content: json(declared.body) };
    paths[`${API_PREFIX}${declared.path}`] = {
      ...paths[`${API_PREFIX}${declared.path}`],
      [declared.method.toLowerCase()]: operation,
    };
  }
  cachedDocument = {
    openapi: '3.1.0',
    info: {
      title: 'TubePilot pipeline API',
      version: '1',
      description:
        'Approved scripts and the current strategy for a content-generation pipeline. Authenticate with `Authorization: Bearer <token>` (create one with /api-token create).',
    },
    paths,
    webhooks: {
      'script.approved': {
        post: {
          summary: `Sent when a script is approved. Header X-TubePilot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the webhook secret>.`,
          requestBody: { required: true, content: json(scriptApprovedEventSchema) },
          responses: { '200': { description: 'Any 2xx acknowledges; 5xx, 408, 429 and timeouts are retried' } },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
  };
  return cachedDocument;
}
