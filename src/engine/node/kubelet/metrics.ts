/**
 * The kubelet's resource metrics endpoint (/metrics/resource, what metrics-server scrapes), fed
 * by simulated usage: a running pod burns the CPU the load generator last asked of it, split over
 * its running containers and capped by each container's CPU limit; memory is a steady baseline per
 * container (its memory request, or 20Mi).
 */
import { formatRfc3339 } from '../../../shared/index.ts';
import { toMilli, toNumber } from '../../api/quantity.ts';
import type { StepContext } from '../../sim/component.ts';
import type { Envelope } from '../../sim/envelope.ts';
import type { PodUsage } from '../../metrics/protocol.ts';
import { latest, specOf } from './podStatus.ts';
import type { KubeletState } from './state.ts';

const BASELINE_MEMORY = 20 * 1024 * 1024;
const WINDOW_SECONDS = 15;

export function reportMetrics(state: KubeletState, message: Envelope, ctx: StepContext): void {
  const pods: PodUsage[] = [];
  const timestamp = formatRfc3339(state.config.startSeconds + ctx.now / 1000);
  for (const w of state.workers.values()) {
    if (w.phase === 'terminated' || w.rejected) continue;
    const spec = specOf(w.pod);
    const running = spec.containers.filter((c) => latest(w, c.name)?.state === 'CONTAINER_RUNNING');
    if (running.length === 0) continue;
    const demand = state.load[w.uid] ?? 0;
    const share = demand / running.length;
    pods.push({
      namespace: w.namespace,
      name: w.name,
      containers: running.map((c) => {
        const limit = c.resources?.limits?.cpu;
        const request = c.resources?.requests?.memory;
        return {
          name: c.name,
          cpuMilli: Math.round(limit ? Math.min(share, toMilli(limit)) : share),
          memoryBytes: request ? toNumber(request) : BASELINE_MEMORY,
        };
      }),
      timestamp,
      windowSeconds: WINDOW_SECONDS,
    });
  }
  ctx.send(message.from, {
    kind: 'metrics.report',
    inReplyTo: message.id,
    node: state.config.nodeName,
    pods,
  });
}
