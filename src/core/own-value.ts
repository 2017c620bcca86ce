/**
 * `table[key]` for the table's own entries only. Keys that come from a request or an upstream
 * answer ("constructor", "__proto__", "toString") must not find Object's members: a Function
 * taken for a status, a price or a format turns a bad input into a 500.
 */
export const ownValue = <V>(table: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
