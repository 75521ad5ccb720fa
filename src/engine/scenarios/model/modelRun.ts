/**
 * One run of the model test: a whole cluster, a sequence of operations and faults applied to it,
 * then every fault healed and every component restarted, and a wait for the cluster to converge.
 * Safety invariants are checked after every delivery to etcd (see etcdChecker.ts), the
 * components' informers before every operation (informerChecker.ts) and the observer's watch
 * streams at the end; liveness (convergence, no orphans) once the faults have stopped.
 */
import type { KubeObject } from '../../api/objects.ts';
import { KubevizCluster } from '../../cluster/fullCluster.ts';
import { deployment } from '../../testing/objects.ts';
import { EtcdChecker } from './etcdChecker.ts';
import { checkConvergence } from './convergence.ts';
import { checkInformers } from './informerChecker.ts';
import { drainNode } from './drain.ts';
import { observer, type ObserverState } from './observer.ts';
import { CONTROL, CPU, DEPLOYMENTS, IMAGES, MEMORY, describeOp, type Op } from './ops.ts';
import { checkWatches } from './watchChecker.ts';

export interface RunResult {
  violations: string[];
  log: string[];
  /** Virtual ms the cluster needed to converge after the faults stopped. */
  convergedAfterMs?: number;
  /** Pods left Pending because no node had room: their Deployments were not judged. */
  noRoom: string[];
}

const MERGE = 'application/merge-patch+json' as const;
const STRATEGIC = 'application/strategic-merge-patch+json' as const;
/** How long the cluster may take to converge once every fault is healed. */
export const CONVERGENCE_LIMIT_MS = 10 * 60_000;
const NO_ROOM_GRACE_MS = 3 * 60_000;

export class ModelRun {
  readonly c: KubevizCluster;
  readonly checker: EtcdChecker;
  readonly log: string[] = [];
  private readonly stopped = new Set<string>();
  private readonly partitioned = new Set<string>();
  /** Nodes whose kubelet alone is stopped (the machine still runs). */
  private readonly kubeletsDown = new Set<string>();
  /** Violations of the components' informers (informerChecker.ts), each informer's first. */
  private readonly informerViolations = new Map<string, string>();
  private nextNode = 4;

  constructor(readonly seed: number) {
    this.c = new KubevizCluster({ seed, registry: { observer } });
    this.checker = new EtcdChecker(this.c.sequencer);
    this.c.sequencer.onTrace((e) => {
      if (e.to === 'etcd' && !e.dropped) this.checker.check();
    });
    this.c.sequencer.startComponent('observer', 'observer', { nodeName: 'node-1' });
    this.c.sequencer.runFor(20_000);
  }

  private pods(): KubeObject[] {
    return this.c.stored('/registry/pods/default/');
  }

  private pick<T>(items: readonly T[], i: number): T | undefined {
    return items.length ? items[i % items.length] : undefined;
  }

  private checkInformers(): void {
    for (const v of checkInformers(this.c.sequencer, this.checker.events)) {
      const who = v.slice(0, v.indexOf(':'));
      if (!this.informerViolations.has(who))
        this.informerViolations.set(who, `[t=${this.c.sequencer.now}] ${v}`);
    }
  }

  apply(o: Op): void {
    const c = this.c;
    this.checkInformers();
    this.log.push(`t=${c.sequencer.now} ${describeOp(o)}`);
    const nodes = c.nodeNames();
    switch (o.type) {
      case 'create': {
        const name = DEPLOYMENTS[o.d]!;
        c.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
          body: deployment(name, o.replicas, {
            container: 'app',
            image: IMAGES[o.image]!,
            requests: { cpu: CPU[o.cpu]!, memory: MEMORY[o.memory]! },
          }),
        });
        break;
      }
      case 'scale':
        c.request(
          'PATCH',
          `/apis/apps/v1/namespaces/default/deployments/${DEPLOYMENTS[o.d]}/scale`,
          {
            body: { spec: { replicas: o.replicas } },
            contentType: MERGE,
          },
        );
        break;
      case 'setImage': {
        const name = DEPLOYMENTS[o.d]!;
        c.request('PATCH', `/apis/apps/v1/namespaces/default/deployments/${name}`, {
          body: {
            spec: { template: { spec: { containers: [{ name: 'app', image: IMAGES[o.image] }] } } },
          },
          contentType: STRATEGIC,
        });
        break;
      }
      case 'deleteDeployment':
        c.request('DELETE', `/apis/apps/v1/namespaces/default/deployments/${DEPLOYMENTS[o.d]}`, {
          body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
        });
        break;
      case 'deletePod': {
        const pod = this.pick(this.pods(), o.pick);
        if (pod) c.request('DELETE', `/api/v1/namespaces/default/pods/${pod.metadata.name}`);
        break;
      }
      case 'crash':
      case 'oom': {
        const bound = this.pods().filter(
          (p) => (p.status as { phase?: string } | undefined)?.phase === 'Running',
        );
        const pod = this.pick(bound, o.pick);
        if (pod)
          c.crashContainer(
            'default',
            pod.metadata.name!,
            'app',
            o.type === 'oom' ? { oomKilled: true } : {},
          );
        break;
      }
      case 'stopNode': {
        const node = this.pick(nodes, o.pick);
        if (node && !this.stopped.has(node)) {
          c.stopNode(node);
          this.stopped.add(node);
          this.kubeletsDown.delete(node);
        }
        break;
      }
      case 'startNode': {
        const node = this.pick([...this.stopped], o.pick);
        if (node) {
          c.startNode(node);
          this.stopped.delete(node);
        }
        break;
      }
      case 'addNode':
        if (nodes.length < 6)
          c.addNode({ name: `node-${this.nextNode++}`, ...(o.pods ? { pods: o.pods } : {}) });
        break;
      case 'removeNode': {
        // Keep the observer's node-1 (its field-selected informer follows it) and one more.
        const node = this.pick(
          nodes.filter((n) => n !== 'node-1'),
          o.pick,
        );
        if (node && nodes.length > 2) {
          c.removeNode(node);
          this.stopped.delete(node);
          this.partitioned.delete(node);
          this.kubeletsDown.delete(node);
        }
        break;
      }
      case 'partition': {
        const node = this.pick(nodes, o.pick);
        if (node) {
          c.partitionNode(node, true);
          this.partitioned.add(node);
        }
        break;
      }
      case 'heal': {
        const node = this.pick([...this.partitioned], o.pick);
        if (node) {
          c.partitionNode(node, false);
          this.partitioned.delete(node);
        }
        break;
      }
      case 'cutObserver':
        // The watcher itself loses the network: its watches must resume without a gap.
        c.sequencer.setPartitioned('observer', o.cut);
        break;
      case 'control':
        c.setComponentRunning(CONTROL[o.which]!, o.running);
        break;
      case 'cordon': {
        const node = this.pick(nodes, o.pick);
        if (node)
          c.request('PATCH', `/api/v1/nodes/${node}`, {
            body: { spec: { unschedulable: o.unschedulable ? true : null } },
            contentType: MERGE,
          });
        break;
      }
      case 'drain': {
        const node = this.pick(nodes, o.pick);
        const error = node && drainNode(c, node);
        if (error) this.log.push(`  drain ${node}: ${error}`);
        break;
      }
      case 'kubelet': {
        // Stop one on a powered machine; start one of those stopped.
        const candidates = o.running
          ? [...this.kubeletsDown]
          : nodes.filter((n) => !this.stopped.has(n) && !this.kubeletsDown.has(n));
        const node = this.pick(candidates, o.pick);
        if (!node) break;
        c.setComponentRunning(`kubelet/${node}`, o.running);
        if (o.running) this.kubeletsDown.delete(node);
        else this.kubeletsDown.add(node);
        break;
      }
      case 'wait':
        c.sequencer.runFor(o.ms);
        break;
    }
  }

  /** Stops every fault: heals, restarts, uncordons, and brings the cluster back to three nodes. */
  healAll(): void {
    const c = this.c;
    this.log.push(`t=${c.sequencer.now} heal everything`);
    c.sequencer.setPartitioned('observer', false);
    for (const node of this.partitioned) c.partitionNode(node, false);
    this.partitioned.clear();
    for (const node of this.stopped) c.startNode(node);
    this.stopped.clear();
    for (const node of this.kubeletsDown) c.setComponentRunning(`kubelet/${node}`, true);
    this.kubeletsDown.clear();
    for (const id of CONTROL) c.setComponentRunning(id, true);
    for (const node of c.nodeNames())
      c.request('PATCH', `/api/v1/nodes/${node}`, {
        body: { spec: { unschedulable: null } },
        contentType: MERGE,
      });
    while (c.nodeNames().length < 3) c.addNode({ name: `node-${this.nextNode++}` });
  }

  /**
   * Runs until the cluster has converged, or the limit passes. A run where some pod has no room
   * anywhere is given a few minutes more first, so a shortage that is only passing (old pods of
   * a rollout still terminating) is not mistaken for a lasting one.
   */
  converge(): { problems: string[]; noRoom: string[]; afterMs: number } {
    const start = this.c.sequencer.now;
    const elapsed = () => this.c.sequencer.now - start;
    let result = checkConvergence(this.c);
    while (
      (result.problems.length || (result.noRoom.length && elapsed() < NO_ROOM_GRACE_MS)) &&
      elapsed() < CONVERGENCE_LIMIT_MS
    ) {
      this.c.sequencer.runFor(5_000);
      result = checkConvergence(this.c);
    }
    return { ...result, afterMs: elapsed() };
  }

  finish(): RunResult {
    this.healAll();
    const { problems, noRoom, afterMs } = this.converge();
    const violations = [...this.checker.violations];
    if (problems.length)
      violations.push(
        `not converged ${afterMs} ms after the faults stopped: ${problems.join('; ')}`,
      );
    // Whatever etcd holds now must reach every open watch within a few seconds of quiet.
    const settled = this.c.etcdRevision();
    this.c.sequencer.runFor(3_000);
    const state = this.c.sequencer.stateOf<ObserverState>('observer');
    if (!state)
      violations.push('the observer crashed: ' + this.c.sequencer.crashed.get('observer'));
    else violations.push(...checkWatches(state, this.checker.events, settled));
    this.checkInformers();
    violations.push(...this.informerViolations.values());
    for (const [id, error] of this.c.sequencer.crashed) violations.push(`${id} crashed: ${error}`);
    return {
      violations,
      log: this.log,
      noRoom,
      ...(problems.length ? {} : { convergedAfterMs: afterMs }),
    };
  }
}

/** Runs one sequence end to end. */
export function runModel(seed: number, ops: readonly Op[]): RunResult {
  const run = new ModelRun(seed);
  for (const o of ops) run.apply(o);
  return run.finish();
}
