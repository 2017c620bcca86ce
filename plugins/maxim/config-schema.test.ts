import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { NO_GATEWAY_SERVICES } from '../../src/pipeline/define-plugin';
import { bundledPlugins } from '..';
import maxim from '.';
import { configSchema } from './config-schema';

const load = (config: unknown) => () => loadConfig({ plugins: [{ name: 'maxim', enabled: true, config }] }, bundledPlugins);

describe('maxim config', () => {
  it("takes Bifrost's two fields, the key as an env. reference", () => {
    expect(configSchema.parse({ api_key: 'env.MAXIM_API_KEY', log_repo_id: 'clx-repo' })).toEqual({ api_key: 'env.MAXIM_API_KEY', log_repo_id: 'clx-repo' });
    expect(configSchema.parse({ api_key: 'env.MAXIM_API_KEY' })).toEqual({ api_key: 'env.MAXIM_API_KEY' });
  });

  it('refuses a missing key, a key written in the config, an empty repository and unknown fields, naming each', () => {
    expect(load({ log_repo_id: 'r' })).toThrow(/plugins\[0\] \("maxim"\)\.config\.api_key: /);
    expect(load({ api_key: 'sk-maxim-live-123' })).toThrow(/config\.api_key: write it as "env\.NAME" and store the key as a Worker secret/);
    expect(load({ api_key: 'env.MAXIM_API_KEY', log_repo_id: '' })).toThrow(/config\.log_repo_id: /);
    expect(load({ api_key: 'env.MAXIM_API_KEY', logRepoId: 'r' })).toThrow(/config\.\(root\): Unrecognized key: "logRepoId"/);
  });

  it('fails at start, naming it, when MAXIM_BASE_URL is not an http(s) URL', () => {
    const config = { api_key: 'mx-resolved-key', log_repo_id: 'r' };
    expect(() => maxim.init(config, { ...env, MAXIM_BASE_URL: 'app.getmaxim.ai' }, NO_GATEWAY_SERVICES)).toThrow(/^MAXIM_BASE_URL: "app.getmaxim.ai" is not an http\(s\) URL/);
    expect(maxim.init(config, { ...env, MAXIM_BASE_URL: 'https://maxim.internal.example.com/' }, NO_GATEWAY_SERVICES)).toHaveProperty('onRequestEnd');
  });
});
