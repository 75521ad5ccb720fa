/**
 * One link of a "why" chain in words: who sent what to whom. A chain that starts with the learner
 * starts with their action ("you: kubectl create deployment web"). Requests read left to right
 * ("kubectl → kube-apiserver: POST …"); a watch event is told from the side of the component that
 * hears it ("kube-controller-manager ← watch ADDED …"), because hearing is what makes it act; a
 * timer is the component waking itself.
 */
import type { TraceEvent } from '../../engine/index.ts';

export function describeLink(e: TraceEvent): string {
  if (e.kind === 'user.action') return `you: ${e.summary}`;
  if (e.id === '') return e.summary;
  if (e.kind === 'timer') return `${e.to}: ${e.summary}`;
  if (e.kind === 'api.watch') return `${e.to} ← ${e.summary}`;
  if (e.kind === 'etcd.watch') return `${e.to} ← ${e.from} watch: ${e.summary}`;
  return `${e.from} → ${e.to}: ${e.summary}`;
}

/** The note that says what a delivery did to etcd ("txn succeeded at rev 62"), if any. */
export function etcdOutcome(e: TraceEvent): string | undefined {
  if (e.to !== 'etcd') return undefined;
  return e.notes?.find((n) => / at rev \d+$/.test(n));
}
