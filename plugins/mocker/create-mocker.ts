import type { PluginHooks, PreLLMResult } from '../../src/pipeline/define-plugin';
import { buildError, buildSuccess, DEFAULT_MOCK_ERROR, DEFAULT_SUCCESS } from './build-response';
import type { Latency, MockerConfig } from './config-schema';
import { compileRules, pickResponse, type Random, selectRule } from './match-rule';

function latencyMs(latency: Latency | undefined, random: Random): number {
  if (!latency) return 0;
  if (latency.type === 'uniform' && latency.max > latency.min) {
    return latency.min + random() * (latency.max - latency.min);
  }
  return latency.min;
}

/**
 * The mocker's hooks for a parsed config. `random` is Math.random unless a test injects one; it is
 * drawn, in this order, for each probability roll (0 < p < 1), the response choice (2+ responses)
 * and the uniform latency (max > min).
 *
 * The hook answers synchronously when there is no latency to simulate, so the runner sets no
 * timer for it; with latency it returns a promise, and the answer is built after the wait.
 */
export function createMocker(config: MockerConfig, random: Random = Math.random): PluginHooks {
  if (!config.enabled) return { preLLMHook: () => undefined };

  const rules = compileRules(config.rules);

  return {
    preLLMHook(ctx, req) {
      // Its rules and canned answers are chat's: other requests go on to their provider.
      if (req.kind !== 'chat') return undefined;
      let answer: () => PreLLMResult | undefined;
      let delay: number;

      const compiled = selectRule(rules, req, random);
      if (compiled) {
        const response = pickResponse(compiled, random);
        if (!response) return undefined;
        answer =
          response.type === 'success'
            ? () => buildSuccess(response.content, req, ctx.requestId)
            : () => buildError(response.error, response.allow_fallbacks);
        delay = latencyMs(compiled.rule.latency ?? config.global_latency, random);
      } else if (config.default_behavior === 'success') {
        answer = () => buildSuccess(DEFAULT_SUCCESS, req, ctx.requestId);
        delay = latencyMs(config.global_latency, random);
      } else if (config.default_behavior === 'error') {
        answer = () => buildError({ message: DEFAULT_MOCK_ERROR, status_code: 500 }, undefined);
        delay = latencyMs(config.global_latency, random);
      } else {
        return undefined;
      }

      if (delay <= 0) return answer();
      return new Promise<void>((resolve) => setTimeout(resolve, delay)).then(answer);
    },
  };
}
