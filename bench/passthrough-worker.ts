// Baseline (b): a bare Worker that forwards the request to the mock and returns its response
// untouched, body streamed through. What Miniflare/workerd costs before any gateway code runs.

interface PassthroughEnv {
  UPSTREAM_URL: string;
}

export default {
  async fetch(request: Request, env: PassthroughEnv): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return new Response('not found', { status: 404 });
    }
    const upstream = await fetch(env.UPSTREAM_URL + url.pathname, {
      method: 'POST',
      headers: { 'content-type': request.headers.get('content-type') ?? 'application/json' },
      body: request.body,
    });
    return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
  },
};
