import type { PluginDefinition } from '../src/pipeline/define-plugin';
import datadog from './datadog';
import governance from './governance';
import helloWorld from './hello-world';
import logging from './logging';
import maxim from './maxim';
import mocker from './mocker';
import otel from './otel';
import semanticCache from './semantic_cache';
import telemetry from './telemetry';

// Every plugin the deploy bundle holds. Workers load no code at run time, so a plugin exists only
// if it is imported here; the gateway config decides which of them run, where and with what config.
export const bundledPlugins: readonly PluginDefinition[] = [telemetry, logging, governance, helloWorld, mocker, semanticCache, otel, datadog, maxim];
