/**
 * A Deployment from `kubectl apply` to Running pods, followed message by message through every
 * control loop; then the ReplicaSet controller replacing a deleted pod.
 */
import { describe, expect, it } from 'vitest';
import { causalChain, type TraceEvent } from '../sim/trace.ts';
import {
  bootCluster,
  createDeployment,
  expect0Crashes,
  firstEvent,
  pods,
  runningReady,
  runUntil,
  storedAt,
} from './helpers.ts';

const WEB = { app: 'web' };

describe('a Deployment of 3 replicas', () => {
  it('reaches 3 Running pods spread over the nodes, in the real causal order', () => {
    const c = bootCluster();
    const trace = c.sequencer.trace;
    const start = trace.length;
    createDeployment(c, 'web', 3);
    const at = runUntil(c, () => runningReady(c, WEB).length === 3, 60_000);
    expect(at).toBeLessThan(c.sequencer.trace[start]!.deliverAt + 30_000);
    expect0Crashes(c);

    const running = runningReady(c, WEB);
    expect(new Set(running.map((p) => p.node)).size).toBe(3);

    const pod = running[0]!;
    const node = pod.node!;
    const podKey = `/registry/pods/default/${pod.name}`;
    const step = (label: string, match: (e: TraceEvent) => boolean, after: TraceEvent) => {
      const e = firstEvent(trace, (x) => x.seq > after.seq && match(x), start);
      expect(e, label).toBeDefined();
      return e!;
    };

    const post = step(
      'kubectl POST',
      (e) =>
        e.from === 'kubectl' &&
        e.to === 'kube-apiserver' &&
        e.summary === 'POST /apis/apps/v1/namespaces/default/deployments',
      { seq: 0 } as TraceEvent,
    );
    expect(post.cause).toBeNull();
    const deployTxn = step(
      'etcd txn for the Deployment',
      (e) =>
        e.to === 'etcd' &&
        e.summary.startsWith('txn if create_revision(/registry/deployments/default/web) = 0'),
      post,
    );
    const deployWatch = step(
      'watch ADDED deployment to the controller manager',
      (e) =>
        e.to === 'kube-controller-manager' && e.summary === 'watch ADDED deployment default/web',
      deployTxn,
    );
    const rsPost = step(
      'ReplicaSet create',
      (e) =>
        e.from === 'kube-controller-manager' &&
        e.summary === 'POST /apis/apps/v1/namespaces/default/replicasets',
      deployWatch,
    );
    const rsName = pod.obj.metadata.ownerReferences?.[0]?.name;
    expect(rsName).toMatch(/^web-[0-9a-z]+$/);
    const rsWatch = step(
      'watch ADDED replicaset to the controller manager',
      (e) =>
        e.to === 'kube-controller-manager' &&
        e.summary === `watch ADDED replicaset default/${rsName}`,
      rsPost,
    );
    // The pod's own create: the etcd txn that created its key, and the POST that caused it.
    const podTxn = step(
      'etcd txn creating the pod',
      (e) => e.to === 'etcd' && e.summary.startsWith(`txn if create_revision(${podKey}) = 0`),
      rsWatch,
    );
    const podPost = trace[podTxn.cause! - 1]!;
    expect(podPost.from).toBe('kube-controller-manager');
    expect(podPost.summary).toBe('POST /api/v1/namespaces/default/pods');
    expect(podPost.seq).toBeGreaterThan(rsWatch.seq);
    const schedWatch = step(
      'watch ADDED pod to the scheduler',
      (e) => e.to === 'kube-scheduler' && e.summary === `watch ADDED pod default/${pod.name}`,
      podTxn,
    );
    const binding = step(
      'pods/binding',
      (e) =>
        e.from === 'kube-scheduler' &&
        e.summary === `POST /api/v1/namespaces/default/pods/${pod.name}/binding`,
      schedWatch,
    );
    expect(binding.notes).toContain(`bind pod ${pod.name} to node ${node}`);
    const kubeletWatch = step(
      'watch ADDED pod on its node',
      (e) => e.to === `kubelet/${node}` && e.summary === `watch ADDED pod default/${pod.name}`,
      binding,
    );
    const cri = (method: string, after: TraceEvent, extra = '') =>
      step(
        `CRI ${method}`,
        (e) =>
          e.from === `kubelet/${node}` &&
          e.to === `containerd/${node}` &&
          e.summary.startsWith(`CRI ${method}${extra}`),
        after,
      );
    const sandbox = cri('RunPodSandbox', kubeletWatch, ` default/${pod.name}`);
    const pull = cri('PullImage', sandbox, ' nginx:1.27');
    const create = cri('CreateContainer', pull, ' web (nginx:1.27)');
    const startC = cri('StartContainer', create);

    // The status PATCH whose write made the pod Running: read the pod etcd stored for each one.
    const statusPatches = trace.filter(
      (e) =>
        e.seq > startC.seq &&
        e.from === `kubelet/${node}` &&
        e.summary === `PATCH /api/v1/namespaces/default/pods/${pod.name}/status`,
    );
    const runningPatch = statusPatches.find((patch) => {
      const txn = trace.find((e) => e.cause === patch.seq && e.to === 'etcd');
      const rev = /txn succeeded at rev (\d+)/.exec(txn?.notes?.join(' ') ?? '')?.[1];
      const written = rev ? storedAt(c, podKey, Number(rev)) : undefined;
      return (written?.status as { phase?: string } | undefined)?.phase === 'Running';
    });
    expect(runningPatch).toBeDefined();

    const ordered = [
      post,
      deployTxn,
      deployWatch,
      rsPost,
      rsWatch,
      podPost,
      podTxn,
      schedWatch,
      binding,
      kubeletWatch,
      sandbox,
      pull,
      create,
      startC,
      runningPatch!,
    ];
    for (let i = 1; i < ordered.length; i++)
      expect(ordered[i]!.seq, ordered[i]!.summary).toBeGreaterThan(ordered[i - 1]!.seq);

    // Why did the pod become Running? Because of the user's POST, through every loop above.
    const chain = causalChain(trace, runningPatch!.seq);
    expect(chain[0]).toBe(post);
    const chainSeqs = new Set(chain.map((e) => e.seq));
    for (const e of [deployWatch, rsPost, rsWatch, podPost, schedWatch, binding, kubeletWatch])
      expect(chainSeqs.has(e.seq), e.summary).toBe(true);
  });

  it('replaces a deleted pod with a new one (new name, new uid)', () => {
    const c = bootCluster();
    createDeployment(c, 'web', 3);
    runUntil(c, () => runningReady(c, WEB).length === 3, 60_000);
    const before = runningReady(c, WEB);
    const victim = before[1]!;

    const r = c.call('DELETE', `/api/v1/namespaces/default/pods/${victim.name}`);
    expect(r.code).toBe(200);
    // The ReplicaSet controller counts a terminating pod as gone and creates its replacement.
    runUntil(
      c,
      () => pods(c, WEB).filter((p) => !p.deleting).length === 3 && pods(c, WEB).length === 4,
      10_000,
    );
    runUntil(
      c,
      () => runningReady(c, WEB).length === 3 && !pods(c, WEB).some((p) => p.name === victim.name),
      60_000,
    );
    expect0Crashes(c);

    const after = pods(c, WEB);
    expect(after).toHaveLength(3);
    const replacement = after.filter((p) => !before.some((b) => b.name === p.name));
    expect(replacement).toHaveLength(1);
    expect(replacement[0]!.uid).not.toBe(victim.uid);
    expect(before.map((b) => b.uid)).not.toContain(replacement[0]!.uid);
    expect(replacement[0]!.obj.metadata.ownerReferences?.[0]?.name).toBe(
      victim.obj.metadata.ownerReferences?.[0]?.name,
    );
  });
});
