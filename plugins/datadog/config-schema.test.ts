import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { NO_GATEWAY_SERVICES } from '../../src/pipeline/define-plugin';
import { bundledPlugins } from '..';
import datadog from '.';
import { configSchema } from './config-schema';

const load = (config: unknown) => () => loadConfig({ plugins: [{ name: 'datadog', enabled: true, config }] }, bundledPlugins);
const field = (name: string) => new RegExp(`plugins\\[0\\] \\("datadog"\\)\\.config\\.${name.replace(/\./g, '\\.')}: `);

describe('datadog config', () => {
  it("takes Bifrost's fields with Bifrost's defaults", () => {
    expect(configSchema.parse({})).toEqual({ agent_addr: 'localhost:8126', service_name: 'bifrost', enable_traces: true, custom_tags: {} });
    const full = { agent_addr: 'datadog-agent:8126', service_name: 'gw', env: 'production', version: '1.2.3', enable_traces: false, custom_tags: { team: 'platform' } };
    expect(configSchema.parse(full)).toEqual(full);
    // An address from a secret is checked once resolved, when the plugin starts.
    expect(configSchema.parse({ agent_addr: 'env.DD_AGENT_ADDR' }).agent_addr).toBe('env.DD_AGENT_ADDR');
    expect(configSchema.parse({ agent_addr: 'https://agent.example.com/dd/' }).agent_addr).toBe('https://agent.example.com/dd/');
  });

  it('refuses an address a Worker cannot use, naming the field and why', () => {
    expect(load({ agent_addr: 'localhost' })).toThrow(/config\.agent_addr: "localhost" is not host:port/);
    expect(load({ agent_addr: 'unix:///var/run/datadog/apm.socket' })).toThrow(/config\.agent_addr: .*only over http\(s\), not unix/);
    expect(load({ agent_addr: 'http://agent:8126/?token=x' })).toThrow(/config\.agent_addr: .*without query/);
    expect(load({ agent_addr: 'not an address:8126' })).toThrow(field('agent_addr'));
  });

  it('refuses bad values, unified service tags among custom tags, and unsupported Bifrost fields with the reason', () => {
    expect(load({ service_name: '' })).toThrow(field('service_name'));
    expect(load({ service_name: 'x'.repeat(101) })).toThrow(field('service_name'));
    expect(load({ enable_traces: 'yes' })).toThrow(field('enable_traces'));
    expect(load({ custom_tags: { team: 7 } })).toThrow(field('custom_tags.team'));
    expect(load({ custom_tags: { env: 'prod' } })).toThrow(/config\.custom_tags\.env: "env" is a unified service tag: set it with the "env" field/);
    expect(load({ agentless: true, api_key: 'env.DD_API_KEY' })).toThrow(/config\.agentless: agentless mode is not supported/);
    expect(load({ dogstatsd_addr: 'localhost:8125' })).toThrow(/config\.dogstatsd_addr: .*cannot send DogStatsD over UDP/);
    expect(load({ agent_adr: 'x:1' })).toThrow(/config\.agent_adr: unknown field \(known: agent_addr, service_name/);
  });

  it('fails at start, naming the field, when an env. address resolves to something unusable', () => {
    // What init receives for `"agent_addr": "env.DD_AGENT_ADDR"` with DD_AGENT_ADDR=agent.internal.
    const resolved = { ...configSchema.parse({ agent_addr: 'env.DD_AGENT_ADDR' }), agent_addr: 'agent.internal' };
    expect(() => datadog.init(resolved, env, NO_GATEWAY_SERVICES)).toThrow(/^agent_addr: "agent.internal" is not host:port/);
  });

  it('sends nothing with enable_traces false: no hooks at all', async () => {
    expect(await datadog.init(configSchema.parse({ enable_traces: false }), env, NO_GATEWAY_SERVICES)).toEqual({});
  });
});
