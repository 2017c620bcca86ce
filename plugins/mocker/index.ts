import { definePlugin } from '../../src/pipeline/define-plugin';
import { configSchema } from './config-schema';
import { createMocker } from './create-mocker';

export { configSchema, type MockerConfig } from './config-schema';
export { createMocker } from './create-mocker';
export { DEFAULT_MOCK_ERROR, DEFAULT_MOCK_MESSAGE } from './build-response';

/**
 * Bifrost's mocker: answers chat requests from configured rules (canned successes, streamed or
 * not, and errors, with simulated latency) instead of calling the provider.
 */
export default definePlugin({
  name: 'mocker',
  configSchema,
  init(config, env) {
    if (config.requires_env !== undefined && !isSet((env as unknown as Record<string, unknown>)[config.requires_env])) return {};
    return createMocker(config);
  },
});

const isSet = (value: unknown): boolean => typeof value === 'string' ? !['', '0', 'false'].includes(value.trim().toLowerCase()) : value === true;
