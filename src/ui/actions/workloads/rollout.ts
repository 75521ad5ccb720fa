/**
 * `kubectl rollout undo`, `pause`, `resume` and `history` for a Deployment, re-derived from
 * kubectl v1.30 (cmd/rollout and polymorphichelpers): the same requests in the same order and the
 * same lines. Undo is a client-side mechanism: kubectl finds the ReplicaSet of the wanted
 * revision and writes its pod template back into the Deployment, and the Deployment controller
 * then rolls out that template like any other change (reusing the old ReplicaSet, which takes
 * the next revision number).
 */
import {
  equalIgnoreHash,
  formatColumns,
  workloadSelectorText,
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  type KubeObject,
} from '../../../engine/display.ts';
import {
  asObject,
  done,
  failed,
  serverError,
  statusMessage,
  succeeded,
  type Call,
  type Outcome,
} from '../kubectl.ts';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** Annotations a rollback keeps from the Deployment rather than taking from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

export interface DeploymentRef {
  namespace: string;
  name: string;
}

const pathOf = (d: DeploymentRef) =>
  `/apis/apps/v1/namespaces/${d.namespace}/deployments/${d.name}`;

const paused = (d: KubeObject) => (d.spec as { paused?: boolean } | undefined)?.paused === true;

/** deploymentutil.Revision: the annotation as an int64; missing is 0, unparsable is skipped. */
function revisionOf(rs: KubeObject): number | undefined {
  const text = rs.metadata.annotations?.[REVISION];
  if (text === undefined) return 0;
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}

/** GetAllReplicaSets: the ReplicaSets the selector lists that this Deployment controls. */
async function replicaSetsOf(
  call: Call,
  d: KubeObject,
): Promise<{ ok: true; items: KubeObject[] } | { ok: false; error: string }> {
  const listed = await call('GET', `/apis/apps/v1/namespaces/${d.metadata.namespace}/replicasets`, {
    query: { labelSelector: workloadSelectorText(d) },
  });
  if (!succeeded(listed))
    return {
      ok: false,
      error: `failed to retrieve replica sets from deployment ${d.metadata.name}: ${statusMessage(listed)}`,
    };
  const items = ((listed.body as { items?: KubeObject[] }).items ?? []).filter((rs) =>
    rs.metadata.ownerReferences?.some((o) => o.controller === true && o.uid === d.metadata.uid),
  );
  return { ok: true, items };
}

/** The ReplicaSet to go back to: the given revision, or (0) the one before the newest. */
function replicaSetForRevision(
  d: KubeObject,
  all: readonly KubeObject[],
  toRevision: number,
): { ok: true; rs: KubeObject } | { ok: false; error: string } {
  let latest: { v: number; rs: KubeObject } | undefined;
  let previous: { v: number; rs: KubeObject } | undefined;
  for (const rs of all) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return { ok: true, rs };
    } else if (!latest || latest.v < v) {
      previous = latest;
      latest = { v, rs };
    } else if (!previous || previous.v < v) {
      previous = { v, rs };
    }
  }
  if (toRevision > 0)
    return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  if (!previous)
    return { ok: false, error: `no rollout history found for deployment "${d.metadata.name}"` };
  return { ok: true, rs: previous.rs };
}

/** `kubectl rollout undo deployment/NAME [--to-revision=N]` (N = 0: the previous revision). */
export async function rolloutUndo(
  call: Call,
  target: DeploymentRef,
  toRevision = 0,
): Promise<Outcome> {
  if (toRevision < 0)
    return failed(`error: unable to find specified revision ${toRevision} in history`);
  // The resource builder reads the object, then the rollbacker reads it again.
  const built = await call('GET', pathOf(target));
  if (!succeeded(built)) return failed(serverError(built));
  const got = await call('GET', pathOf(target));
  if (!succeeded(got))
    return failed(`error: failed to retrieve Deployment ${target.name}: ${statusMessage(got)}`);
  const d = asObject(got);
  const all = await replicaSetsOf(call, d);
  if (!all.ok) return failed(`error: ${all.error}`);
  const found = replicaSetForRevision(d, all.items, toRevision);
  if (!found.ok) return failed(`error: ${found.error}`);
  if (paused(d))
    return failed(
      `error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${target.name}' and try again`,
    );
  const template = structuredClone((found.rs.spec as { template?: KubeObject }).template ?? {});
  if (equalIgnoreHash(template, (d.spec as { template?: unknown }).template))
    return done(
      `deployment.apps/${target.name} skipped rollback (current template already matches revision ${toRevision})`,
    );
  const labels = (template as { metadata?: { labels?: Record<string, string> } }).metadata?.labels;
  if (labels) delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(found.rs.metadata.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patched = await call('PATCH', pathOf(target), {
    body: [
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
    contentType: 'application/json-patch+json',
  });
  if (!succeeded(patched))
    return failed(`error: failed restoring revision ${toRevision}: ${statusMessage(patched)}`);
  return done(`deployment.apps/${target.name} rolled back`);
}

/**
 * `kubectl rollout pause` (on) or `resume` (off): the two-way strategic merge patch between the
 * object read and the same object with spec.paused flipped (false is omitted, hence null).
 */
export async function rolloutPause(
  call: Call,
  target: DeploymentRef,
  on: boolean,
): Promise<Outcome> {
  const got = await call('GET', pathOf(target));
  if (!succeeded(got)) return failed(serverError(got));
  if (paused(asObject(got)) === on)
    return failed(
      `error: deployments.apps ${JSON.stringify(target.name)} ${on ? 'is already paused' : 'is not paused'}`,
    );
  const patched = await call('PATCH', pathOf(target), {
    body: { spec: { paused: on ? true : null } },
    contentType: 'application/strategic-merge-patch+json',
  });
  if (!succeeded(patched)) return failed(`error: failed to patch: ${statusMessage(patched)}`);
  return done(`deployment.apps/${target.name} ${on ? 'paused' : 'resumed'}`);
}

/** `kubectl rollout history deployment/NAME`: each revision and its change cause. */
export async function rolloutHistory(call: Call, target: DeploymentRef): Promise<Outcome> {
  const built = await call('GET', pathOf(target));
  if (!succeeded(built)) return failed(serverError(built));
  const got = await call('GET', pathOf(target));
  if (!succeeded(got))
    return failed(`error: failed to retrieve deployment ${target.name}: ${statusMessage(got)}`);
  const all = await replicaSetsOf(call, asObject(got));
  if (!all.ok) return failed(`error: ${all.error}`);
  const causes = new Map<number, string>();
  for (const rs of all.items) {
    const v = revisionOf(rs);
    if (v !== undefined) causes.set(v, rs.metadata.annotations?.[CHANGE_CAUSE] ?? '');
  }
  // The name printer writes "deployment.apps/NAME " and then the history as its operation.
  if (causes.size === 0)
    return done(`deployment.apps/${target.name} `, 'No rollout history found.');
  const rows = [...causes.keys()]
    .sort((a, b) => a - b)
    .map((v) => [String(v), causes.get(v) || '<none>']);
  const table = formatColumns([['REVISION', 'CHANGE-CAUSE'], ...rows])
    .trimEnd()
    .split('\n');
  return done(`deployment.apps/${target.name} `, ...table);
}
