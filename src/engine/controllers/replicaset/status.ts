/**
 * ReplicaSet status (pkg/controller/replicaset/replica_set_utils.go, v1.30): calculateStatus
 * counts the claimed active pods, those carrying every template label, the ready and the
 * available ones, and sets or clears the ReplicaFailure condition; updateReplicaSetStatus writes
 * it through the status subresource with one GET-and-retry on failure.
 */
import { deepCopy, deepEqual } from '../../../shared/index.ts';
import { selectorFromSet } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import { isSuccess } from '../../client/index.ts';
import {
  errorText,
  factsAvailable,
  factsMatch,
  readFacts,
  selectorKey,
  type ObjectFacts,
  type Run,
} from '../controllerutil/index.ts';

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
}

interface RSSpec {
  replicas?: number;
  minReadySeconds?: number;
  template?: { metadata?: { labels?: Record<string, string> } };
}

export const spec = (rs: KubeObject): RSSpec => (rs.spec ?? {}) as RSSpec;
export const statusOf = (rs: KubeObject): Partial<ReplicaSetStatus> =>
  (rs.status ?? {}) as Partial<ReplicaSetStatus>;
export const replicasOf = (rs: KubeObject): number => spec(rs).replicas ?? 1;

const REPLICA_FAILURE = 'ReplicaFailure';

/** SetCondition: a condition with the same status and reason is left as it is. */
function setCondition(status: ReplicaSetStatus, cond: ReplicaSetCondition): void {
  const current = status.conditions?.find((c) => c.type === cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

function removeCondition(status: ReplicaSetStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}

export function calculateStatus(
  rs: KubeObject,
  filteredPods: readonly KubeObject[],
  manageReplicasErr: string | undefined,
  nowSeconds: number,
  nowRfc3339: string,
  /** The pods' facts (objectFacts.ts) in the order of filteredPods, when the claim has them. */
  podFacts?: readonly ObjectFacts[],
): ReplicaSetStatus {
  const old = statusOf(rs);
  const next: ReplicaSetStatus = deepCopy({ ...old, replicas: old.replicas ?? 0 });
  const templateLabel = selectorFromSet(spec(rs).template?.metadata?.labels);
  const templateKey = selectorKey(templateLabel);
  const minReady = spec(rs).minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (let i = 0; i < filteredPods.length; i++) {
    // Read through the pod's facts: the same pods are counted again on every sync.
    const facts = podFacts?.[i] ?? readFacts(filteredPods[i]!);
    if (factsMatch(facts, templateLabel, templateKey)) fullyLabeled++;
    if (facts.ready) {
      ready++;
      if (factsAvailable(facts, minReady, nowSeconds)) available++;
    }
  }
  const failureCond = old.conditions?.find((c) => c.type === REPLICA_FAILURE);
  if (manageReplicasErr !== undefined && !failureCond) {
    const diff = filteredPods.length - replicasOf(rs);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const cond: ReplicaSetCondition = {
      type: REPLICA_FAILURE,
      status: 'True',
      lastTransitionTime: nowRfc3339,
      message: manageReplicasErr,
    };
    if (reason) cond.reason = reason;
    setCondition(next, cond);
  } else if (manageReplicasErr === undefined && failureCond) {
    removeCondition(next, REPLICA_FAILURE);
  }
  next.replicas = filteredPods.length;
  next.fullyLabeledReplicas = fullyLabeled;
  next.readyReplicas = ready;
  next.availableReplicas = available;
  return next;
}

/** The status as Go marshals it: omitempty drops the zero counts. */
function marshal(status: ReplicaSetStatus): ReplicaSetStatus {
  const out: ReplicaSetStatus = { replicas: status.replicas };
  if (status.fullyLabeledReplicas) out.fullyLabeledReplicas = status.fullyLabeledReplicas;
  if (status.readyReplicas) out.readyReplicas = status.readyReplicas;
  if (status.availableReplicas) out.availableReplicas = status.availableReplicas;
  if (status.observedGeneration) out.observedGeneration = status.observedGeneration;
  if (status.conditions?.length) out.conditions = status.conditions;
  return out;
}

function unchanged(rs: KubeObject, next: ReplicaSetStatus): boolean {
  const s = statusOf(rs);
  return (
    (s.replicas ?? 0) === next.replicas &&
    (s.fullyLabeledReplicas ?? 0) === (next.fullyLabeledReplicas ?? 0) &&
    (s.readyReplicas ?? 0) === (next.readyReplicas ?? 0) &&
    (s.availableReplicas ?? 0) === (next.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (s.observedGeneration ?? 0) &&
    deepEqual(s.conditions ?? [], next.conditions ?? [])
  );
}

/** statusUpdateRetries. */
const STATUS_UPDATE_RETRIES = 1;

/**
 * updateReplicaSetStatus: nothing to write in the steady state; otherwise PUT the status with
 * observedGeneration = generation, and after a failure GET the latest copy and try once more.
 */
export function updateReplicaSetStatus(
  run: Run,
  rs: KubeObject,
  next: ReplicaSetStatus,
): { rs?: KubeObject; error?: string } {
  if (unchanged(rs, next)) return { rs };
  const status = marshal({ ...next, observedGeneration: rs.metadata.generation ?? 0 });
  let current = rs;
  for (let i = 0; ; i++) {
    const body: KubeObject = { ...deepCopy(current), status };
    const reply = run.call({
      verb: 'update',
      resource: 'replicasets.apps',
      namespace: rs.metadata.namespace,
      name: rs.metadata.name,
      subresource: 'status',
      body,
    });
    if (isSuccess(reply)) return { rs: reply.body as unknown as KubeObject };
    if (i >= STATUS_UPDATE_RETRIES) return { error: errorText(reply) };
    const got = run.call({
      verb: 'get',
      resource: 'replicasets.apps',
      namespace: rs.metadata.namespace,
      name: rs.metadata.name,
    });
    if (!isSuccess(got)) return { error: errorText(got) };
    current = got.body as unknown as KubeObject;
  }
}
