/**
 * RealPodControl (pkg/controller/controller_utils.go, v1.30): pods made from a template for a
 * controller, and the events that record each creation and deletion on the controller.
 */
import { deepCopy } from '../../../shared/index.ts';
import { isNotFound, isSuccess, type Reply, type RequestSpec } from '../../client/index.ts';
import type { KubeObject, OwnerReference } from '../../api/objects.ts';
import { NAMESPACE_TERMINATING_CAUSE, errorText, hasStatusCause } from './apiErrors.ts';
import type { Run } from './syncRun.ts';

export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_DELETE_POD_REASON = 'FailedDelete';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';

interface Template {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: unknown;
}

/** GetPodFromTemplate: labels, annotations and finalizers copied, generateName `<owner>-`. */
export function getPodFromTemplate(
  template: Template,
  parent: KubeObject,
  controllerRef: OwnerReference,
): KubeObject {
  const meta = template.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      // getPodsPrefix: the dash makes pod names read better; any valid name takes it.
      generateName: `${parent.metadata.name ?? ''}-`,
      namespace: parent.metadata.namespace,
      ownerReferences: [controllerRef],
    },
    spec: deepCopy(template.spec ?? {}),
  };
  if (meta.labels && Object.keys(meta.labels).length) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length)
    pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers?.length) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

export function createPodSpec(pod: KubeObject): RequestSpec {
  return { verb: 'create', resource: 'pods', namespace: pod.metadata.namespace, body: pod };
}

/** createPods' handling of a create reply: the error to return, undefined on success. */
export function observeCreate(run: Run, owner: KubeObject, reply: Reply): string | undefined {
  if (isSuccess(reply)) {
    const name = (reply.body as unknown as KubeObject).metadata.name ?? '';
    run.effect(() =>
      run.kit.event(owner, 'Normal', SUCCESSFUL_CREATE_POD_REASON, `Created pod: ${name}`),
    );
    return undefined;
  }
  const terminating = hasStatusCause(reply, NAMESPACE_TERMINATING_CAUSE);
  if (!terminating)
    run.effect(() =>
      run.kit.event(
        owner,
        'Warning',
        FAILED_CREATE_POD_REASON,
        `Error creating: ${errorText(reply)}`,
      ),
    );
  return errorText(reply);
}

export function deletePodSpec(namespace: string, name: string): RequestSpec {
  return { verb: 'delete', resource: 'pods', namespace, name };
}

/** DeletePod's handling of a delete reply: the error to return (NotFound is returned as is). */
export function observeDelete(
  run: Run,
  owner: KubeObject,
  podName: string,
  reply: Reply,
): string | undefined {
  if (isSuccess(reply)) {
    run.effect(() =>
      run.kit.event(owner, 'Normal', SUCCESSFUL_DELETE_POD_REASON, `Deleted pod: ${podName}`),
    );
    return undefined;
  }
  if (isNotFound(reply)) return errorText(reply);
  run.effect(() =>
    run.kit.event(
      owner,
      'Warning',
      FAILED_DELETE_POD_REASON,
      `Error deleting: ${errorText(reply)}`,
    ),
  );
  return `unable to delete pods: ${errorText(reply)}`;
}
