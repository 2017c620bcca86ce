import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './app-env';
import { GatewayError } from './errors/gateway-error';
import { asGatewayError, openAIErrorResponse } from './errors/render-error';
import type { GatewayRuntime } from './gateway-runtime';
import { pluginsApi } from './routes/admin/plugins-api';
import { requireAdmin } from './routes/admin/require-admin';
import { chatCompletions } from './routes/chat-completions';
import { health } from './routes/health';
import { listModels } from './routes/models';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

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

  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: maxBytes,
      onError: () => {
        throw new GatewayError({ status: 413, type: 'invalid_request_error', code: 'request_too_large', message: `request body exceeds ${maxBytes} bytes` });
      },
    }),
  );

  app.use('/api/*', requireAdmin);
  app.route('/api/plugins', pluginsApi());

  app.get('/health', health);
  app.get('/v1/models', listModels);
  app.post('/v1/chat/completions', chatCompletions);

  app.notFound((c) =>
    openAIErrorResponse(new GatewayError({ status: 404, type: 'invalid_request_error', code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` })),
  );
  app.onError((err, c) => openAIErrorResponse(asGatewayError(err), { 'x-request-id': c.var.requestId ?? '' }));
  return app;
}
