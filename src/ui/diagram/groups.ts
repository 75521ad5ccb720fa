import type { PodView, Tone } from './model.ts';

/** Pods counted by their controlling owner and kubectl STATUS, for machines with too many to draw. */
export interface PodGroup {
  /** The owner's name (a ReplicaSet's, a Job's), or "other pods" for pods without one. */
  owner: string;
  total: number;
  counts: { status: string; tone: Tone; count: number }[];
}

export const NO_OWNER = 'other pods';

export function groupPods(pods: readonly PodView[]): PodGroup[] {
  const groups = new Map<string, Map<string, { tone: Tone; count: number }>>();
  for (const p of pods) {
    const owner = p.owner ?? NO_OWNER;
    const counts = groups.get(owner) ?? new Map<string, { tone: Tone; count: number }>();
    const entry = counts.get(p.status) ?? { tone: p.tone, count: 0 };
    entry.count++;
    counts.set(p.status, entry);
    groups.set(owner, counts);
  }
  return [...groups]
    .map(([owner, counts]) => ({
      owner,
      total: [...counts.values()].reduce((n, c) => n + c.count, 0),
      counts: [...counts]
        .map(([status, c]) => ({ status, tone: c.tone, count: c.count }))
        .sort((a, b) => b.count - a.count || (a.status < b.status ? -1 : 1)),
    }))
    .sort((a, b) => b.total - a.total || (a.owner < b.owner ? -1 : 1));
}
