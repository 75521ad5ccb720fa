/**
 * pkg/controller/deployment/util (v1.30), part 1: constants, accessors, the maxSurge and
 * maxUnavailable fenceposts, and the Deployment's conditions.
 */
import type { KubeObject } from '../../api/objects.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY } from '../../api/podTemplates.ts';
/** maxRevHistoryLengthInChars. */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;
const MAX_INT32 = 2147483647;

// Condition reasons.
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

export const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

type IntOrString = number | string | undefined;

export interface DeploymentSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown };
  strategy?: {
    type?: string;
    rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

export const dspec = (d: KubeObject): DeploymentSpec => (d.spec ?? {}) as DeploymentSpec;
export const dstatus = (d: KubeObject): DeploymentStatus => (d.status ?? {}) as DeploymentStatus;
export const dReplicas = (d: KubeObject): number => dspec(d).replicas ?? 1;

// ---- ReplicaSet accessors (a nil ReplicaSet is `undefined`) ----
export type MaybeRS = KubeObject | undefined;
interface RSFields {
  spec?: { replicas?: number; minReadySeconds?: number; template?: unknown };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
    conditions?: DeploymentCondition[];
  };
}
export const rsReplicas = (rs: KubeObject): number => (rs as RSFields).spec?.replicas ?? 0;
export const rsStatus = (rs: KubeObject) => (rs as RSFields).status ?? {};
export const rsTemplate = (rs: KubeObject) => (rs as RSFields).spec?.template;

/** intstr.GetScaledValueFromIntOrPercent. */
export function getValueFromIntOrPercent(
  value: IntOrString,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (!value.endsWith('%'))
    throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const v = Number.parseInt(value.slice(0, -1), 10);
  const scaled = (v * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down; if both come out zero the
 * rollout could never move, so unavailable becomes 1.
 */
export function resolveFenceposts(
  maxSurge: IntOrString,
  maxUnavailable: IntOrString,
  desired: number,
) {
  const surge = getValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = getValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: KubeObject): boolean =>
  dspec(d).strategy?.type === 'RollingUpdate';

export function maxUnavailable(d: KubeObject): number {
  if (!isRollingUpdate(d) || dReplicas(d) === 0) return 0;
  const ru = dspec(d).strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, dReplicas(d));
  return Math.min(unavailable, dReplicas(d));
}

export function maxSurge(d: KubeObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = dspec(d).strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, dReplicas(d)).surge;
}

export const hasProgressDeadline = (d: KubeObject): boolean => {
  const s = dspec(d).progressDeadlineSeconds;
  return s !== undefined && s !== MAX_INT32;
};
export const hasRevisionHistoryLimit = (d: KubeObject): boolean => {
  const s = dspec(d).revisionHistoryLimit;
  return s !== undefined && s !== MAX_INT32;
};

// ---- conditions ----
export function newDeploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getDeploymentCondition(
  status: DeploymentStatus,
  type: string,
): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: same status and reason is a no-op; same status keeps lastTransitionTime. */
export function setDeploymentCondition(
  status: DeploymentStatus,
  condition: DeploymentCondition,
): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const cond = { ...condition };
  if (current && current.status === cond.status)
    cond.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length) status.conditions = rest;
  else delete status.conditions;
}
