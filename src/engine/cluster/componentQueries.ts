/**
 * Read-only questions the runtime may ask of a component's state wherever it runs (beside the
 * sequencer or in a Web Worker): a key's history in etcd for the inspector, the scheduler's
 * decision record for the narration's table. Answers are plain data, cheap to clone.
 */
import type { KubeObject } from '../api/objects.ts';
import type { EtcdState } from '../etcd/etcdServer.ts';
import { latestDecisionFor, type DecisionRecord, type SchedulerState } from '../scheduler/index.ts';
import { storedObject } from './storeChanges.ts';

export type ComponentQuery =
  /** Every version of one etcd key still in the store (compaction drops older ones). */
  | { kind: 'keyHistory'; key: string }
  /** kube-scheduler's latest decision record for a pod. */
  | { kind: 'schedulingDecision'; namespace: string; name: string };

/** One version of a key: the object as stored at `modRevision`, or its deletion. */
export interface KeyVersionView {
  revision: number;
  deleted: boolean;
  createRevision: number;
  modRevision: number;
  version: number;
  object: KubeObject | null;
}

export type ComponentAnswer =
  | { kind: 'keyHistory'; key: string; revision: number; versions: KeyVersionView[] }
  | { kind: 'schedulingDecision'; decision: DecisionRecord | null };

/** Answers `query` from a component's state (undefined state: the component is not running). */
export function answerQuery(state: unknown, query: ComponentQuery): ComponentAnswer {
  switch (query.kind) {
    case 'keyHistory': {
      const etcd = state as EtcdState | undefined;
      const versions = (etcd?.store.keys.get(query.key) ?? []).map((v) => ({
        revision: v.revision,
        deleted: v.kv === null,
        createRevision: v.kv?.createRevision ?? 0,
        modRevision: v.kv?.modRevision ?? v.revision,
        version: v.kv?.version ?? 0,
        object: v.kv ? structuredClone(storedObject(v.kv)) : null,
      }));
      return { kind: 'keyHistory', key: query.key, revision: etcd?.store.revision ?? 0, versions };
    }
    case 'schedulingDecision': {
      const scheduler = state as SchedulerState | undefined;
      const decision = scheduler
        ? latestDecisionFor(scheduler, query.namespace, query.name)
        : undefined;
      return { kind: 'schedulingDecision', decision: decision ? structuredClone(decision) : null };
    }
  }
}
