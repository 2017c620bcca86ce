// `agent_addr` → the Agent's trace intake. Bifrost writes it as `host:port`; a full http(s) URL is
// accepted too (an Agent behind TLS or a proxy path). A Worker reaches the Agent only over HTTP:
// no unix socket, no UDP.

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The `PUT` target for traces, or an Error saying what is wrong with `addr`. */
export function agentTracesUrl(addr: string): string | Error {
  const scheme = HAS_SCHEME.test(addr);
  let url: URL;
  try {
    url = new URL(scheme ? addr : `http://${addr}`);
  } catch {
    return new Error(`"${addr}" is neither host:port nor an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return new Error(`"${addr}": a Worker reaches the Agent only over http(s), not ${url.protocol.slice(0, -1)}`);
  }
  if (!scheme && (url.port === '' || url.pathname !== '/')) return new Error(`"${addr}" is not host:port (the Agent listens on 8126 by default)`);
  if (url.search || url.hash || url.username) return new Error(`"${addr}": give the Agent's address without query, fragment or credentials`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}/v0.4/traces`;
}
