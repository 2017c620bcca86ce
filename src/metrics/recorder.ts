import { DeltaRecorder } from './metric-delta';

/**
 * This isolate's counters since the last flush: the gateway counts its own events here (isolated
 * plugin failures, dropped exports) and the telemetry built-in its request metrics; telemetry ships
 * the delta to its aggregator and serves the sum at /metrics.
 */
export const recorder = new DeltaRecorder();
