/**
 * A whole cluster in Node for the actions' kubectl tests: each request runs virtual time until its
 * reply, as kubectl waits, and `until` runs the cluster until a condition holds.
 */
import { KubevizCluster, type KubeObject } from '../../engine/index.ts';
import type { Call } from './kubectl.ts';

export function kubectlCluster(seed = 3) {
  const c = new KubevizCluster({ seed });
  const call: Call = (method, path, options) => Promise.resolve(c.call(method, path, options));
  const pods = () => c.stored('/registry/pods/');
  const until = (done: () => boolean, ms: number) => {
    const deadline = c.sequencer.now + ms;
    while (!done()) {
      if (c.sequencer.now > deadline) throw new Error(`not within ${ms} ms`);
      c.sequencer.runFor(100);
    }
  };
  const running = (prefix: string) =>
    pods().filter(
      (p) =>
        p.metadata.name?.startsWith(prefix) &&
        !p.metadata.deletionTimestamp &&
        (p.status as { phase?: string }).phase === 'Running',
    );
  c.sequencer.runFor(30_000);
  return { c, call, pods, until, running };
}

export const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName;
