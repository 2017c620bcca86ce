import { describe, expect, it } from 'vitest';
import config from '../../config.json';
import { bundledPlugins } from '../../plugins';
import { ConfigError, loadConfig } from './load-config';

const load = (raw: unknown) => () => loadConfig(raw, bundledPlugins);

describe('gateway config validation', () => {
  it('accepts the shipped config.json with the bundled plugins', () => {
    const loaded = loadConfig(config, bundledPlugins);
    expect([...loaded.providers.keys()]).toEqual(['openai', 'groq']);
    expect(loaded.fileEntries.map((e) => [e.name, e.enabled])).toEqual([['mocker', true], ['hello-world', false]]);
    expect(loaded.providers.get('openai')!.baseUrl).toBe('https://api.openai.com/v1');
  });

  it('names the provider and the field of a bad provider entry', () => {
    expect(load({ providers: { openai: { keys: [{ value: 42 }] } } })).toThrow(/providers\.openai\.keys\[0\]\.value: /);
    expect(load({ providers: { openai: { network_config: { base_url: 'not a url' } } } })).toThrow(/providers\.openai\.network_config\.base_url: /);
    expect(load({ providers: { openai: { keyz: [] } } })).toThrow(/providers\.openai: Unrecognized key: "keyz"/);
  });

  it('refuses an unknown provider unless it says which wire format it speaks', () => {
    expect(load({ providers: { acme: {} } })).toThrow(/providers\.acme: unknown provider "acme" \(known: openai, anthropic/);
    const loaded = loadConfig(
      { providers: { acme: { custom_provider_config: { base_provider_type: 'openai' }, network_config: { base_url: 'https://llm.acme.test/v1/' } } } },
      bundledPlugins,
    );
    expect(loaded.providers.get('acme')!.baseUrl).toBe('https://llm.acme.test/v1');
  });

  it('names the plugin and the field of a bad plugin config', () => {
    const bad = { plugins: [{ name: 'hello-world', enabled: true }, { name: 'mocker', enabled: true, config: { rules: [{ name: 'r', probability: 2, responses: [{ type: 'success', content: { message: 'x' } }] }] } }] };
    expect(load(bad)).toThrow(/plugins\[1\] \("mocker"\)\.config\.rules\[0\] \("r"\)\.probability: /);
    // Disabled plugins are validated too: enabling one later must not be the moment a typo shows.
    expect(load({ plugins: [{ name: 'hello-world', enabled: false, config: { greeting: 7 } }] })).toThrow(/plugins\[0\] \("hello-world"\)\.config\.greeting: /);
  });

  it('lists the bundled plugins when a config names one that is not bundled', () => {
    expect(load({ plugins: [{ name: 'newrelic', enabled: true }] })).toThrow(/plugins\[0\] \("newrelic"\)\.name: no such plugin is bundled \(available: telemetry, logging, governance, hello-world, mocker, semantic_cache, otel, datadog, maxim\)/);
  });

  it('refuses bad plugin entry fields and duplicates', () => {
    expect(load({ plugins: [{ name: 'mocker', enabled: true, placement: 'middle' }] })).toThrow(/plugins\[0\] \("mocker"\)\.placement: /);
    expect(load({ plugins: [{ name: 'mocker', enabled: true }, { name: 'mocker', enabled: false }] })).toThrow(/plugins\[1\] \("mocker"\)\.name: listed twice/);
    expect(load({ plugins: [{ name: 'mocker' }] })).toThrow(ConfigError);
  });
});
