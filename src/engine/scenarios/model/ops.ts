/**
 * The user's operations and the faults the model test draws, and how each is applied to a
 * running cluster. Operations name their targets by small indices that are resolved against the
 * cluster as it is when they run ("the 2nd node", "the 5th pod"), so every drawn sequence is valid.
 */
import fc from 'fast-check';

export const DEPLOYMENTS = ['web', 'api', 'worker'] as const;
export const IMAGES = ['nginx:1.27', 'nginx:1.26', 'kubeviz/web:v1', 'kubeviz/web:v2'] as const;
export const CPU = ['100m', '250m', '500m', '1'] as const;
export const MEMORY = ['64Mi', '256Mi', '1Gi'] as const;
export const CONTROL = ['kube-scheduler', 'kube-controller-manager'] as const;

export type Op =
  | { type: 'create'; d: number; replicas: number; image: number; cpu: number; memory: number }
  | { type: 'scale'; d: number; replicas: number }
  | { type: 'setImage'; d: number; image: number }
  | { type: 'deleteDeployment'; d: number }
  | { type: 'deletePod'; pick: number }
  | { type: 'crash'; pick: number }
  /** The kernel's OOM killer ends a container (exit 137, reason OOMKilled). */
  | { type: 'oom'; pick: number }
  | { type: 'stopNode'; pick: number }
  | { type: 'startNode'; pick: number }
  /** A machine joins; `pods` is its kubelet's --max-pods (110 when absent). */
  | { type: 'addNode'; pods?: number }
  | { type: 'removeNode'; pick: number }
  | { type: 'partition'; pick: number }
  | { type: 'heal'; pick: number }
  | { type: 'cutObserver'; cut: boolean }
  | { type: 'control'; which: number; running: boolean }
  | { type: 'cordon'; pick: number; unschedulable: boolean }
  /** `kubectl drain --ignore-daemonsets`: cordon, then evict every pod through the Eviction API. */
  | { type: 'drain'; pick: number }
  /** The kubelet alone stops or starts (systemctl restart kubelet); its containers keep running. */
  | { type: 'kubelet'; pick: number; running: boolean }
  | { type: 'wait'; ms: number };

const d = fc.integer({ min: 0, max: DEPLOYMENTS.length - 1 });
const pick = fc.nat({ max: 50 });
const replicas = fc.integer({ min: 0, max: 3 });
const image = fc.integer({ min: 0, max: IMAGES.length - 1 });

function op<T extends Op['type']>(type: T, fields: Record<string, fc.Arbitrary<unknown>> = {}) {
  return fc.record({ type: fc.constant(type), ...fields }) as unknown as fc.Arbitrary<Op>;
}

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: op('create', {
      d,
      replicas: fc.integer({ min: 1, max: 3 }),
      image,
      cpu: fc.integer({ min: 0, max: CPU.length - 1 }),
      memory: fc.integer({ min: 0, max: MEMORY.length - 1 }),
    }),
  },
  { weight: 4, arbitrary: op('scale', { d, replicas }) },
  { weight: 3, arbitrary: op('setImage', { d, image }) },
  { weight: 2, arbitrary: op('deleteDeployment', { d }) },
  { weight: 3, arbitrary: op('deletePod', { pick }) },
  { weight: 2, arbitrary: op('crash', { pick }) },
  { weight: 1, arbitrary: op('oom', { pick }) },
  { weight: 1, arbitrary: op('stopNode', { pick }) },
  { weight: 1, arbitrary: op('startNode', { pick }) },
  // Some machines hold only two pods, so the scheduler's pod-count limit comes into play.
  { weight: 1, arbitrary: op('addNode', { pods: fc.constantFrom(110, 2) }) },
  { weight: 1, arbitrary: op('removeNode', { pick }) },
  { weight: 1, arbitrary: op('partition', { pick }) },
  { weight: 1, arbitrary: op('heal', { pick }) },
  { weight: 1, arbitrary: op('cutObserver', { cut: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: op('control', { which: fc.integer({ min: 0, max: 1 }), running: fc.boolean() }),
  },
  { weight: 2, arbitrary: op('cordon', { pick, unschedulable: fc.boolean() }) },
  { weight: 1, arbitrary: op('drain', { pick }) },
  { weight: 2, arbitrary: op('kubelet', { pick, running: fc.boolean() }) },
  { weight: 8, arbitrary: op('wait', { ms: fc.integer({ min: 100, max: 60_000 }) }) },
  // Long enough for a node to be declared unreachable and its pods evicted (40 s + 300 s).
  { weight: 1, arbitrary: op('wait', { ms: fc.integer({ min: 120_000, max: 400_000 }) }) },
);

export function describeOp(o: Op): string {
  const { type, ...rest } = o;
  return `${type}${Object.keys(rest).length ? ' ' + JSON.stringify(rest) : ''}`;
}
