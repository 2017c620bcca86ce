// Typed keys for values shared between the hooks of one request. Keys are matched by name so two
// plugins can agree on a key without importing each other; the `heimdall.` namespace belongs to the
// gateway and plugins cannot write it.

export interface ContextKey<T> {
  readonly name: string;
  /** Phantom field carrying T; never set at run time. */
  readonly __type?: T;
}

export const RESERVED_PREFIX = 'heimdall.';

export function contextKey<T>(name: string): ContextKey<T> {
  return Object.freeze({ name });
}

export const isReserved = (key: ContextKey<unknown>): boolean => key.name.startsWith(RESERVED_PREFIX);
