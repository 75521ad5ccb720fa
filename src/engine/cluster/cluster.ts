/**
 * A simulated cluster running in-process: the sequencer with etcd, kube-apiserver and the user's
 * kubectl, plus helpers to send requests as a user would. Tests, benchmarks and the UI's
 * fallback placement all build clusters here; later issues add the scheduler, controllers and
 * node agents to the same registry.
 */
import type {
  ApiQuery,
  ApiResponsePayload,
  Credentials,
  HttpMethod,
  PatchContentType,
} from '../api/protocol.ts';
import { kubeApiServer } from '../apiserver/apiServer.ts';
import type { ApiServerConfig } from '../apiserver/state.ts';
import { etcd, type EtcdState } from '../etcd/etcdServer.ts';
import { prefixEnd } from '../etcd/protocol.ts';
import { rangeKeys } from '../etcd/mvcc.ts';
import type { KubeObject } from '../api/objects.ts';
import type { ComponentRegistry } from '../sim/host.ts';
import type { NetworkConfig } from '../sim/network.ts';
import { Sequencer } from '../sim/sequencer.ts';
import { kubectl, type KubectlState } from './kubectl.ts';
import { storedObject } from './storeChanges.ts';

export const CORE_COMPONENTS: ComponentRegistry = {
  etcd,
  'kube-apiserver': kubeApiServer,
  kubectl,
};

export const ADMIN_CREDENTIALS: Credentials = {
  type: 'x509',
  commonName: 'kubernetes-admin',
  organizations: ['system:masters'],
};

export interface ClusterOptions {
  seed?: number;
  network?: NetworkConfig;
  apiserver?: ApiServerConfig;
  recordTrace?: boolean;
  registry?: ComponentRegistry;
  /**
   * Components that run in another host (a Web Worker): the runtime carries out the
   * sequencer's commands for them and delivers their windows (see Sequencer.isRemote).
   */
  isRemote?: (id: string) => boolean;
}

/** Where `stored` reads when etcd runs in another host: the runtime's mirror of the store. */
export interface StoreReader {
  stored(prefix: string): KubeObject[];
  revision(): number;
}

export interface RequestOptions {
  body?: unknown;
  query?: ApiQuery;
  contentType?: PatchContentType | 'application/json';
  /** Who sends it; the cluster admin unless given. `null` sends no credentials (anonymous). */
  credentials?: Credentials | null;
}

export class Cluster {
  readonly sequencer: Sequencer;
  /** Set by a runtime whose etcd runs elsewhere; otherwise etcd's state is read in place. */
  storeReader: StoreReader | undefined;

  constructor(readonly options: ClusterOptions = {}) {
    this.sequencer = new Sequencer({
      seed: options.seed ?? 1,
      registry: { ...CORE_COMPONENTS, ...options.registry },
      ...(options.network ? { network: options.network } : {}),
      recordTrace: options.recordTrace ?? true,
      ...(options.isRemote ? { isRemote: options.isRemote } : {}),
    });
    this.sequencer.startComponent('etcd', 'etcd');
    this.sequencer.startComponent('kube-apiserver', 'kube-apiserver', options.apiserver ?? {});
    this.sequencer.startComponent('kubectl', 'kubectl');
  }

  /** Sends a request from kubectl; returns its id. Nothing is delivered until the cluster runs. */
  request(method: HttpMethod, path: string, options: RequestOptions = {}): string {
    const credentials = options.credentials === undefined ? ADMIN_CREDENTIALS : options.credentials;
    return this.sequencer.inject('kubectl', 'kube-apiserver', {
      kind: 'api.request',
      method,
      path,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.contentType ? { contentType: options.contentType } : {}),
      ...(credentials ? { credentials } : {}),
    });
  }

  /**
   * A request to an address, as curl on the learner's behalf sends it: into a node's kube-proxy
   * rules (`via` 'kube-proxy/<node>': a process on that node, or a client outside the cluster
   * reaching that node's IP), or to the cloud's load balancer (`via` 'cloud'). It travels hop by
   * hop and the reply comes back to kubectl; returns the message id.
   */
  sendRequest(via: string, destination: string, requestId: string): string {
    if (via !== 'cloud' && !(via.startsWith('kube-proxy/') && this.sequencer.isRunning(via)))
      throw new Error(
        `no running kube-proxy or load balancer ${JSON.stringify(via)} to send through`,
      );
    return this.sequencer.inject('kubectl', via, {
      kind: 'traffic',
      requestId,
      destination,
      protocol: 'TCP',
      hops: ['kubectl'],
    });
  }

  response(id: string): ApiResponsePayload | undefined {
    return this.sequencer.stateOf<KubectlState>('kubectl')?.responses.get(id);
  }

  watchEvents(id: string) {
    return this.sequencer.stateOf<KubectlState>('kubectl')?.watchEvents.get(id) ?? [];
  }

  /** Sends a request and runs the cluster until its response arrives. */
  call(method: HttpMethod, path: string, options: RequestOptions = {}): ApiResponsePayload {
    const id = this.request(method, path, options);
    this.sequencer.runUntilTrue(() => this.response(id) !== undefined, 100_000);
    return this.response(id)!;
  }

  /**
   * What etcd holds under a key prefix, as the inspector shows it: the stored objects with their
   * mod_revision as resourceVersion. A read of etcd's state, not an API request.
   */
  stored(prefix: string): KubeObject[] {
    if (this.storeReader) return this.storeReader.stored(prefix);
    const state = this.sequencer.stateOf<EtcdState>('etcd');
    if (!state) return [];
    const result = rangeKeys(state.store, {
      op: 'range',
      key: prefix,
      rangeEnd: prefixEnd(prefix),
    });
    if (!result.ok) return [];
    return result.response.kvs.map(storedObject);
  }

  /** etcd's current revision (what `resourceVersion` numbers count). */
  etcdRevision(): number {
    if (this.storeReader) return this.storeReader.revision();
    return this.sequencer.stateOf<EtcdState>('etcd')?.store.revision ?? 0;
  }
}
