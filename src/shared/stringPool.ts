/**
 * One string object per distinct text. Two equal strings that are different objects are compared
 * character by character wherever one is looked up by the other (a Map key, a === test); labels
 * that every node spells out anew ("us-east-1a" on a thousand nodes) are read that way for every
 * node of every pod the scheduler scores. Dropped whole once it holds `limit` strings, so a long
 * run's gone names do not pile up; it never changes a result.
 */
export class StringPool {
  private readonly pool = new Map<string, string>();

  constructor(private readonly limit = 100_000) {}

  /** How many distinct texts the pool holds. */
  get size(): number {
    return this.pool.size;
  }

  /** The pool's string equal to `s`, which becomes that string when it is the first. */
  canonical(s: string): string {
    const known = this.pool.get(s);
    if (known !== undefined) return known;
    if (this.pool.size >= this.limit) this.pool.clear();
    this.pool.set(s, s);
    return s;
  }

  /** A copy of `values` whose values are the pool's strings. */
  canonicalValues(values: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key in values) out[key] = this.canonical(values[key]!);
    return out;
  }
}
