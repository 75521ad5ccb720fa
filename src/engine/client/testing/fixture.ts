/**
 * A test fixture (sample-controller's newFixture): a Sequencer running the fake apiserver as
 * 'kube-apiserver', preloaded with objects, a recorder 'test-client' that sends requests on the
 * test's behalf (as kubectl would), and the components under test.
 */
import type { KubeObject } from '../../api/objects.ts';
import type { Payload } from '../../protocol.ts';
import type { ComponentRegistry } from '../../sim/host.ts';
import type { NetworkConfig } from '../../sim/network.ts';
import { recorder, type RecorderState } from '../../sim/recorder.ts';
import { Sequencer } from '../../sim/sequencer.ts';
import { buildRequest, type RequestSpec } from '../requests.ts';
import { filterInformerActions, type FakeAction } from './actions.ts';
import {
  FAKE_CONTROL_TIMER,
  fakeApiServer,
  prependReactor,
  type FakeApiServerConfig,
  type FakeApiServerState,
  type FakeControl,
  type Reactor,
} from './fakeApiServer.ts';

export const TEST_CLIENT = 'test-client';
export const APISERVER_ID = 'kube-apiserver';

/**
 * Links with no jitter deliver messages sent together in the order they were sent (as TCP
 * would); the default network's jitter could reorder a watch stream.
 */
export const FIXTURE_NETWORK: NetworkConfig = {
  minLatencyMs: 1,
  defaultLatencyMs: 2,
  jitterMs: 0,
  linkLatencyMs: {},
};

export interface FixtureOptions extends FakeApiServerConfig {
  /** The component types under test. */
  registry?: ComponentRegistry;
  seed?: number;
  network?: NetworkConfig;
}

export interface Fixture {
  sequencer: Sequencer;
  apiserver(): FakeApiServerState;
  /** Every request the fake apiserver received, optionally only those from one component. */
  actions(from?: string): FakeAction[];
  /** The same without informers' list and watch requests. */
  controllerActions(from: string): FakeAction[];
  start(id: string, type: string, config?: unknown): void;
  /** Sends a request from the test client; returns its id (the reply lands in replies()). */
  request(spec: RequestSpec): string;
  create(resource: RequestSpec['resource'], object: KubeObject): string;
  update(resource: RequestSpec['resource'], object: KubeObject): string;
  remove(resource: RequestSpec['resource'], namespace: string, name: string): string;
  replies(): RecorderState['inbox'];
  fail(reactor: Reactor): void;
  /** Control messages: 'endWatches', 'expireWatches' (410 + compaction), 'compact'. */
  control(op: FakeControl['op']): void;
}

export function newFixture(options: FixtureOptions = {}): Fixture {
  const sequencer = new Sequencer({
    seed: options.seed ?? 1,
    registry: { ...options.registry, 'fake-apiserver': fakeApiServer, recorder },
    network: options.network ?? FIXTURE_NETWORK,
  });
  const config: FakeApiServerConfig = { objects: options.objects ?? [] };
  if (options.honorWatchTimeout !== undefined) config.honorWatchTimeout = options.honorWatchTimeout;
  sequencer.startComponent(APISERVER_ID, 'fake-apiserver', config);
  sequencer.startComponent(TEST_CLIENT, 'recorder');
  const apiserver = () => {
    const state = sequencer.stateOf<FakeApiServerState>(APISERVER_ID);
    if (!state) throw new Error('the fake apiserver is not running');
    return state;
  };
  const send = (payload: Payload) => sequencer.inject(TEST_CLIENT, APISERVER_ID, payload);
  const request = (spec: RequestSpec) => send(buildRequest(spec, undefined));
  const meta = (o: KubeObject) => ({ namespace: o.metadata.namespace, name: o.metadata.name });
  return {
    sequencer,
    apiserver,
    actions: (from) => apiserver().actions.filter((a) => from === undefined || a.from === from),
    controllerActions: (from) =>
      filterInformerActions(apiserver().actions.filter((a) => a.from === from)),
    start: (id, type, cfg = {}) => sequencer.startComponent(id, type, cfg),
    request,
    create: (resource, object) =>
      request({ verb: 'create', resource, namespace: object.metadata.namespace, body: object }),
    update: (resource, object) =>
      request({ verb: 'update', resource, ...meta(object), body: object }),
    remove: (resource, namespace, name) => request({ verb: 'delete', resource, namespace, name }),
    replies: () => sequencer.stateOf<RecorderState>(TEST_CLIENT)?.inbox ?? [],
    fail: (reactor) => prependReactor(apiserver(), reactor),
    control: (op) =>
      sequencer.inject(APISERVER_ID, APISERVER_ID, {
        kind: 'timer',
        name: FAKE_CONTROL_TIMER,
        data: { op },
      }),
  };
}
