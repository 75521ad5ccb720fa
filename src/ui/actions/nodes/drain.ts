/**
 * `kubectl cordon`, `uncordon` and `drain --ignore-daemonsets`, re-derived from kubectl's drain
 * package (v1.30): the same requests in the same order and the same lines on stdout and stderr.
 */
import type { KubeObject } from '../../../engine/index.ts';
import { objectKey } from '../../../engine/display.ts';
import { asObject, serverError, statusMessage, succeeded, type Call } from '../kubectl.ts';

/** Where a command writes: stdout lines, or stderr lines. */
export type Emit = (line: string, stream: 'out' | 'err') => void;

/** Cordons (or uncordons) a node; false when it could not. */
export async function cordon(call: Call, node: string, on: boolean, emit: Emit): Promise<boolean> {
  const verb = on ? 'cordoned' : 'uncordoned';
  const path = `/api/v1/nodes/${node}`;
  const got = await call('GET', path);
  if (!succeeded(got)) {
    emit(serverError(got), 'err');
    return false;
  }
  const spec = (asObject(got).spec ?? {}) as { unschedulable?: boolean };
  if ((spec.unschedulable ?? false) === on) {
    emit(`node/${node} already ${verb}`, 'out');
    return true;
  }
  // The two-way merge patch between the old and new Node: `false` is omitted, so null.
  const patched = await call('PATCH', path, {
    body: { spec: { unschedulable: on ? true : null } },
    contentType: 'application/strategic-merge-patch+json',
  });
  if (!succeeded(patched)) {
    emit(`error: ${statusMessage(patched)}`, 'err');
    return false;
  }
  emit(`node/${node} ${verb}`, 'out');
  return true;
}

interface PodVerdict {
  pod: KubeObject;
  delete: boolean;
  /** 'warning' or 'error', with its message. */
  reason?: { kind: 'warning' | 'error'; message: string };
}

const finished = (pod: KubeObject) => {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
};

const controllerOf = (pod: KubeObject) => pod.metadata.ownerReferences?.find((r) => r.controller);

/** kubectl's pod filters in their order; the first that keeps a pod decides. */
async function verdict(call: Call, pod: KubeObject): Promise<PodVerdict> {
  const owner = controllerOf(pod);
  if (owner?.kind === 'DaemonSet' && !finished(pod)) {
    const ds = await call(
      'GET',
      `/apis/apps/v1/namespaces/${pod.metadata.namespace}/daemonsets/${owner.name}`,
    );
    if (!succeeded(ds))
      return { pod, delete: false, reason: { kind: 'error', message: statusMessage(ds) } };
    // --ignore-daemonsets: the DaemonSet controller would only put the pod back.
    return {
      pod,
      delete: false,
      reason: { kind: 'warning', message: 'ignoring DaemonSet-managed Pods' },
    };
  }
  if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined)
    return { pod, delete: false };
  const volumes = (pod.spec as { volumes?: { emptyDir?: unknown }[] } | undefined)?.volumes ?? [];
  if (volumes.some((v) => v.emptyDir) && !finished(pod))
    return {
      pod,
      delete: false,
      reason: {
        kind: 'error',
        message: 'Pods with local storage (use --delete-emptydir-data to override)',
      },
    };
  if (!owner && !finished(pod))
    return {
      pod,
      delete: false,
      reason: {
        kind: 'error',
        message: 'cannot delete Pods that declare no controller (use --force to override)',
      },
    };
  return { pod, delete: true };
}

/** Groups pods by message, as PodDeleteList does: `message: ns/a, ns/b`. */
function grouped(verdicts: PodVerdict[], kind: 'warning' | 'error'): string[] {
  const byMessage = new Map<string, string[]>();
  for (const v of verdicts)
    if (v.reason?.kind === kind)
      byMessage.set(v.reason.message, [
        ...(byMessage.get(v.reason.message) ?? []),
        objectKey(v.pod),
      ]);
  return [...byMessage].map(([message, pods]) =>
    kind === 'error' && !message.toLowerCase().startsWith('cannot delete')
      ? `cannot delete ${message}: ${pods.join(', ')}`
      : `${message}: ${pods.join(', ')}`,
  );
}

/** utilerrors.NewAggregate's text. */
const aggregate = (errors: string[]) =>
  errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;

export interface DrainDeps {
  call: Call;
  emit: Emit;
  /** Resolves once the pod (this uid) is gone from the cluster. */
  gone: (pod: KubeObject) => Promise<void>;
}

/** `kubectl drain NODE --ignore-daemonsets`; false when the node is left undrained. */
export async function drain({ call, emit, gone }: DrainDeps, node: string): Promise<boolean> {
  if (!(await cordon(call, node, true, emit))) return false;
  const fail = (errors: string[]) => {
    const text = aggregate(errors);
    emit(
      `error: unable to drain node ${JSON.stringify(node)} due to error: ${text}, continuing command...`,
      'err',
    );
    emit('There are pending nodes to be drained:', 'err');
    emit(` ${node}`, 'err');
    emit(`error: ${text}`, 'err');
    return false;
  };
  const list = await call('GET', '/api/v1/pods', {
    query: { fieldSelector: `spec.nodeName=${node}` },
  });
  if (!succeeded(list)) return fail([statusMessage(list)]);
  const pods = (list.body as { items?: KubeObject[] }).items ?? [];
  const verdicts: PodVerdict[] = [];
  for (const pod of pods) verdicts.push(await verdict(call, pod));
  const errors = grouped(verdicts, 'error');
  if (errors.length) return fail(errors);
  const warnings = grouped(verdicts, 'warning');
  if (warnings.length) emit(`Warning: ${warnings.join('; ')}`, 'err');
  // Every pod is evicted at once (kubectl runs one goroutine per pod), then awaited.
  const evictions = verdicts
    .filter((v) => v.delete)
    .map(async ({ pod }) => {
      const { namespace, name } = pod.metadata;
      emit(`evicting pod ${namespace}/${name}`, 'out');
      const response = await call('POST', `/api/v1/namespaces/${namespace}/pods/${name}/eviction`, {
        body: {
          apiVersion: 'policy/v1',
          kind: 'Eviction',
          metadata: { name, namespace },
          deleteOptions: {},
        },
      });
      if (response.code === 404) return undefined;
      if (!succeeded(response))
        return `error when evicting pods/${JSON.stringify(name)} -n ${JSON.stringify(namespace)}: ${statusMessage(response)}`;
      await gone(pod);
      emit(`pod/${name} evicted`, 'out');
      return undefined;
    });
  const failures = (await Promise.all(evictions)).filter((e): e is string => e !== undefined);
  if (failures.length) return fail(failures);
  emit(`node/${node} drained`, 'out');
  return true;
}
