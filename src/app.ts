import type { Handler } from 'hono';
import { Hono } from './routes/trie-hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env';
import { GatewayError } from './errors/gateway-error';
import { asGatewayError } from './errors/render-error';
import type { GatewayRuntime } from './gateway-runtime';
import { governanceApi } from './routes/admin/governance-api';
import { logsApi } from './routes/admin/logs-api';
import { pluginsApi } from './routes/admin/plugins-api';
import { requireAdmin } from './routes/admin/require-admin';
import { llmRoute } from './routes/llm-route';
import { metrics } from './routes/metrics';
import { anthropicCountTokensDialect, anthropicDialect } from './dialects/anthropic';
import { anthropicErrorBody } from './dialects/anthropic/encode-messages-response';
import { openAIDialect } from './dialects/openai';
import { completionsDialect } from './dialects/openai/completions';
import { embeddingsDialect } from './dialects/openai/embeddings';
import { responsesDialect, responsesInputTokensDialect } from './dialects/responses';
import { storedResponseRoute } from './dialects/responses/stored-response-routes';
import { health } from './routes/health';
import { listModels } from './routes/models';
import { corsFor } from './routes/cors';
import { requestScope } from './routes/request-scope';
import { uiRoutes } from './ui/ui-routes';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const API_MAX_BYTES = 1024 * 1024;

/** The operator's own surfaces: management API, web UI, metrics, health. Everything else is a client's. */
const OPERATOR_PATHS = /^\/(api|ui)(\/|$)|^\/(metrics|health|favicon\.ico)?$/;

/** Composes middleware and routes; handlers take everything from `c.env` and `c.var`. */
export function createApp(runtime: GatewayRuntime): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const maxBytes = runtime.loaded.config.client.max_request_body_size_mb * 1024 * 1024;

  app.use(async (c, next) => {
    const given = c.req.header('x-request-id');
    c.set('requestId', given && REQUEST_ID.test(given) ? given : crypto.randomUUID());
    c.set('runtime', runtime);
    await next();
  });

  app.use(corsFor(runtime.loaded.config.client.allowed_origins));

  // Every client request is observed from here on, whatever refuses it later (body limit, bad
  // JSON, no such route): each one gets its status counted, its log row and its trace.
  const clientPaths = new Set<string>();
  const observe = requestScope(clientPaths);
  app.use((c, next) => (OPERATOR_PATHS.test(c.req.path) ? next() : observe(c, next)));

  const limit = (max: number) =>
    bodyLimit({
      maxSize: max,
      onError: () => {
        throw new GatewayError({ status: 413, type: 'invalid_request_error', code: 'request_too_large', message: `request body exceeds ${max} bytes` });
      },
    });
  app.use(limit(maxBytes));
  // Management writes become D1 rows, which hold at most 2 MB each; no setting needs near that.
  app.use('/api/*', limit(API_MAX_BYTES));

  app.use('/api/*', requireAdmin);
  app.route('/api/plugins', pluginsApi());
  app.route('/api/logs', logsApi());
  app.route('/api/governance', governanceApi());

  app.route('/ui', uiRoutes());
  app.get('/', (c) => c.redirect('/ui/plugins'));

  app.get('/health', health);
  app.get('/metrics', metrics);
  type Method = 'GET' | 'POST' | 'DELETE';
  const client = (method: Method, path: string, handler: Handler<AppEnv>, ...more: [Method, Handler<AppEnv>][]) => {
    clientPaths.add(path);
    app.on(method, path, handler);
    for (const [m, h] of more) app.on(m, path, h);
    const allowed = [method, ...more.map(([m]) => m)].join(', ');
    app.all(path, (c) => {
      const err = new GatewayError({ status: 405, type: 'invalid_request_error', code: 'method_not_allowed', message: `${c.req.method} is not allowed on ${path}; use ${allowed}` });
      c.var.scope.rc.error = err;
      const res = render(err, c.req.path, c.var.requestId);
      res.headers.set('allow', allowed);
      return res;
    });
  };
  client('GET', '/v1/models', listModels);
  client('POST', '/v1/chat/completions', llmRoute(openAIDialect));
  client('POST', '/v1/completions', llmRoute(completionsDialect));
  client('POST', '/v1/embeddings', llmRoute(embeddingsDialect));
  client('POST', '/anthropic/v1/messages', llmRoute(anthropicDialect));
  client('POST', '/anthropic/v1/messages/count_tokens', llmRoute(anthropicCountTokensDialect));
  client('POST', '/v1/responses', llmRoute(responsesDialect));
  client('POST', '/v1/responses/input_tokens', llmRoute(responsesInputTokensDialect));
  client('GET', '/v1/responses/:id', storedResponseRoute('get'), ['DELETE', storedResponseRoute('delete')]);

  // Errors speak the dialect of the route they happened on.
  const render = (err: GatewayError, path: string, requestId: string | undefined): Response => {
    const body = path.startsWith('/anthropic/') ? anthropicErrorBody(err) : err.toJSON();
    return new Response(JSON.stringify(body), { status: err.status, headers: { 'content-type': 'application/json', 'x-request-id': requestId ?? '' } });
  };
  app.notFound((c) => {
    const err = new GatewayError({ status: 404, type: 'invalid_request_error', code: 'not_found', message: `no route for ${c.req.method} ${c.req.path.slice(0, 200)}` });
    if (c.var.scope) c.var.scope.rc.error = err;
    return render(err, c.req.path, c.var.requestId);
  });
  app.onError((err, c) => render(asGatewayError(err), c.req.path, c.var.requestId));
  return app;
}
