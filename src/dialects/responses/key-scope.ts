import { GatewayKeys } from '../../pipeline/gateway-keys';
import type { RequestContext } from '../../pipeline/hook-context';

/**
 * What stored responses are scoped by: the virtual key id governance resolved for this request (its
 * httpPreHook looks the key up, before the body is parsed). Null without a key (governance off, or
 * none presented): such a request reads only responses stored without one.
 */
export const keyScope = (rc: RequestContext): string | null => (rc.values.get(GatewayKeys.virtualKey.name) as string | undefined) ?? null;
