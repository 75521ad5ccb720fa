/**
 * The service account controller (pkg/controller/serviceaccount, 'serviceaccount'): every active
 * namespace has a `default` ServiceAccount; deleting it brings it back.
 */
import { splitKey } from '../../api/objects.ts';
import {
  Lister,
  WorkQueue,
  isAlreadyExists,
  isSuccess,
  messageOf,
  sendCreate,
} from '../../client/index.ts';
import type { ControllerDefinition } from '../framework.ts';

/** The accounts ensured in each namespace (DefaultServiceAccountsControllerOptions). */
export const SERVICE_ACCOUNTS = ['default'];

export interface ServiceAccountsState {
  /** Creates in flight, `namespace/name`, so a resync does not send a second one. */
  creating: string[];
}

export const serviceAccountsController: ControllerDefinition<ServiceAccountsState> = {
  name: 'serviceaccount',
  eventSource: 'service-account-controller',
  informers: [{ resource: 'namespaces' }, { resource: 'serviceaccounts' }],
  init() {
    return { creating: [] };
  },
  handleEvent(_s, resource, event, kit) {
    if (resource === 'namespaces') {
      if (event.type !== 'delete') WorkQueue.add(kit.queue, event.object.metadata.name!);
    } else if (event.type === 'delete') {
      // serviceAccountDeleted: the namespace is checked again.
      WorkQueue.add(kit.queue, event.object.metadata.namespace!);
    }
  },
  handleResponse(s, response, kit) {
    const key = response.data as string;
    s.creating = s.creating.filter((k) => k !== key);
    if (isSuccess(response) || isAlreadyExists(response)) return;
    // A namespace that started terminating refuses new content; nothing to retry then.
    if (messageOf(response).includes('because it is being terminated')) return;
    WorkQueue.addRateLimited(kit.queue, splitKey(key).namespace, kit.ctx);
  },
  sync(s, key, kit) {
    const ns = Lister.get(kit.informer('namespaces'), '', key);
    if (!ns) return;
    if ((ns.status as { phase?: string } | undefined)?.phase !== 'Active') return;
    for (const name of SERVICE_ACCOUNTS) {
      const saKey = `${key}/${name}`;
      if (Lister.get(kit.informer('serviceaccounts'), key, name)) continue;
      if (s.creating.includes(saKey)) continue;
      s.creating.push(saKey);
      sendCreate(
        kit.client,
        kit.ctx,
        'serviceaccounts',
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: key } },
        { tag: kit.tag('create'), data: saKey },
      );
    }
  },
};
