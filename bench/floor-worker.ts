// Target (floor) of bench/ablation.mjs: the least a gateway that reads what it forwards can do, on
// the same router as Heimdall. It reads the client's JSON, strips the `provider/` prefix, calls the
// upstream, parses its answer and writes it again. No validation, hooks, facts, retries, deadlines
// or observers. Its cost over (b) is the share of Heimdall's JSON cost that is not Heimdall's
// features but reading and writing the exchange at all. A stream is passed through as (b) passes it:
// a per-event floor would measure how it is written more than what it must do.
import { Hono } from 'hono';

interface FloorEnv {
  UPSTREAM_URL: string;
}

const app = new Hono<{ Bindings: FloorEnv }>();

app.post('/v1/chat/completions', async (c) => {
  const body = await c.req.json<{ model?: unknown; stream?: unknown }>();
  if (typeof body.model !== 'string') return c.json({ error: { message: 'model is required' } }, 400);
  const upstream = await fetch(`${c.env.UPSTREAM_URL}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: c.req.header('authorization') ?? '' },
    body: JSON.stringify({ ...body, model: body.model.slice(body.model.indexOf('/') + 1) }),
  });
  if (body.stream === true) return new Response(upstream.body, { status: upstream.status, headers: { 'content-type': 'text/event-stream' } });
  return c.json(await upstream.json(), 200);
});

export default app;
