/** The Job controller alone in a cluster, with the test playing the scheduler and kubelet. */
import type { KubeList, KubeObject } from '../../api/objects.ts';
import { formatRfc3339 } from '../../../shared/index.ts';
import { controllerCluster, must } from '../../testing/controllerCluster.ts';
import { jobController } from './index.ts';

export const PODS = '/api/v1/namespaces/default/pods';
export const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const START = 1767225600; // 2026-01-01T00:00:00Z, virtual time 0

export function setup() {
  const cluster = controllerCluster(5, [jobController]);
  const pods = () => (must(cluster.call('GET', PODS), 200) as unknown as KubeList).items;
  const phase = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase;
  /** The time `secondsAgo` before now, as the kubelet would stamp it. */
  const stamp = (secondsAgo = 0) =>
    formatRfc3339(START + Math.floor(cluster.sequencer.now / 1000) - secondsAgo);
  /** The kubelet, played by the test: a pod ends in `phase`, its Ready condition turning False then. */
  const finish = (p: KubeObject, to: 'Succeeded' | 'Failed', secondsAgo = 0) =>
    must(
      cluster.call('PATCH', `${PODS}/${p.metadata.name}/status`, {
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            phase: to,
            conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: stamp(secondsAgo) }],
          },
        },
      }),
      200,
    );
  const job = () => must(cluster.call('GET', `${JOBS}/pi`), 200);
  const events = () =>
    (
      must(cluster.call('GET', '/api/v1/namespaces/default/events'), 200) as unknown as KubeList
    ).items.map((e) => `${e.type} ${e.reason} ${e.message}`);
  return { cluster, must, pods, phase, finish, stamp, job, events };
}

export function jobBody(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'pi' },
    spec: {
      ...spec,
      template: {
        spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] },
      },
    },
  };
}
