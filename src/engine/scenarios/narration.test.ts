/**
 * The narration of a whole Deployment creation, delivery by delivery: every event gets a sentence,
 * and the key steps of the pod-creation flow are told in their real causal order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentStory, type Story, type Told } from '../narration/testing/deploymentStory.ts';
import { pods } from './helpers.ts';

let story: Story;
beforeAll(() => {
  story = deploymentStory();
});

/** The position of the first narration after `after` that matches. */
function find(label: string, match: (t: Told) => boolean, after = -1): number {
  const i = story.told.findIndex((t, j) => j > after && match(t));
  expect(i, label).toBeGreaterThan(-1);
  return i;
}

const headline = (re: RegExp) => (t: Told) => re.test(t.narration.headline);
const titled = (title: string) => (t: Told) => t.narration.title === title;

describe('narrating a Deployment of 3 replicas', () => {
  it('says something about every delivery, in the voice of its receiver', () => {
    expect(story.told.length).toBeGreaterThan(250);
    for (const { event, narration } of story.told) {
      expect(narration.actor).toBe(event.to);
      expect(narration.headline).toMatch(/^[A-Za-z].*[.]$/);
    }
  });

  it('tells the pod-creation flow in order', () => {
    const post = find('kubectl POST', titled('kubectl asks to create Deployment default/web'));
    expect(story.told[post]!.event.cause).toBeNull();
    const stored = find(
      'etcd stores the Deployment',
      headline(/^etcd writes \/registry\/deployments\/default\/web at revision \d+\.$/),
      post,
    );
    const rs = find(
      'the Deployment controller creates a ReplicaSet',
      headline(
        /^The Deployment controller creates ReplicaSet default\/web-[0-9a-z]+ with 3 replicas\.$/,
      ),
      stored,
    );
    const firstPods = find(
      'the ReplicaSet controller creates the first pod',
      headline(/^The ReplicaSet controller creates a pod for ReplicaSet default\/web-/),
      rs,
    );
    // Slow start: one pod, then once it is created, two more.
    const more = find(
      'slow start doubles the batch',
      (t) =>
        (t.narration.details ?? []).some((d) =>
          /The ReplicaSet controller creates 2 pods for ReplicaSet default\/web-/.test(d),
        ),
      firstPods,
    );
    expect(more).toBeGreaterThan(firstPods);

    for (const pod of pods(story.recording.cluster, { app: 'web' })) {
      const key = `default/${pod.name}`;
      const bind = find(
        `the scheduler binds ${key}`,
        titled(`The scheduler binds pod ${key} to ${pod.node}`),
        firstPods,
      );
      const table = story.told[bind]!.narration.table!;
      expect(table.pod).toBe(key);
      expect(table.winner).toBe(pod.node);
      expect(table.rows).toHaveLength(3);
      expect(table.rows.filter((r) => r.winner).map((r) => r.node)).toEqual([pod.node]);
      expect(table.scorePlugins.length).toBeGreaterThan(0);
      const kubelet = `kubelet/${pod.node}`;
      const sees = find(
        `${kubelet} starts ${key}`,
        titled(`The kubelet on ${pod.node} starts pod ${key}`),
        bind,
      );
      const sandbox = find(
        `${kubelet} asks for the sandbox of ${key}`,
        headline(
          new RegExp(
            `^The kubelet on ${pod.node} asks containerd on ${pod.node} to create the pod sandbox for ${key} `,
          ),
        ),
        sees,
      );
      const pulled = find(
        `containerd on ${pod.node} pulls nginx`,
        headline(new RegExp(`^containerd on ${pod.node} finishes pulling nginx:1\\.27`)),
        sandbox,
      );
      const started = find(
        `${kubelet} starts the container of ${key}`,
        (t) =>
          t.event.to === `containerd/${pod.node}` &&
          /to start container [0-9a-f]+ \(StartContainer\)\.$/.test(t.narration.headline),
        pulled,
      );
      find(
        `${kubelet} reports ${key} Running`,
        titled(`The kubelet on ${pod.node} reports pod ${key} Running`),
        started,
      );
    }
  });
});
