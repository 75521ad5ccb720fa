/**
 * Strings joined from two parts, each built once and handed out again as the same string after:
 * a key built anew for every message is hashed and compared anew wherever it is looked up (a Map
 * of objects by key, etcd's index of keys). Dropped whole once it holds `limit` strings, so a long
 * run's deleted names do not pile up; it never changes a result.
 */
export class JoinedStrings {
  private readonly byFirst = new Map<string, Map<string, string>>();
  private size = 0;

  constructor(
    private readonly separator: string,
    private readonly limit = 200_000,
  ) {}

  join(first: string, second: string): string {
    let bySecond = this.byFirst.get(first);
    let joined = bySecond?.get(second);
    if (joined !== undefined) return joined;
    if (this.size >= this.limit) {
      this.byFirst.clear();
      this.size = 0;
      bySecond = undefined;
    }
    if (!bySecond) this.byFirst.set(first, (bySecond = new Map()));
    bySecond.set(second, (joined = first + this.separator + second));
    this.size++;
    return joined;
  }
}
