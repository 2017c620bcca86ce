import type { Placement } from '../pipeline/define-plugin';

/** One plugin's place and settings in the sequence, as the config file or a D1 row states it. */
export interface SequenceEntry {
  name: string;
  enabled: boolean;
  placement: Placement;
  order: number;
  /** As stored: `env.NAME` references stay references until `init`. */
  config: unknown;
  version: number;
  /** Overrides the plugin's own default; undefined keeps it. */
  failClosed?: boolean | undefined;
  /** A WASM plugin's bundled `.wasm` (plugins/…); TypeScript plugins are found by name. */
  path?: string | undefined;
}
