/**
 * The scenario the narration tests tell: a booted three-node cluster, then `kubectl create` of a
 * three-replica Deployment, run until its pods are Running and Ready. Every trace event from the
 * create on is narrated, and a BeatTracker follows the run as the runtime would.
 */
import { deployment } from '../../testing/objects.ts';
import { nodeReadyStatus, nodeTaints, runningReady, runUntil } from '../../scenarios/helpers.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { BeatTracker } from '../beats.ts';
import { narrate } from '../narrate.ts';
import type { Narration, NarrationContext } from '../types.ts';
import { recordingCluster, type Recording } from './recordingCluster.ts';

export interface Told {
  event: TraceEvent;
  narration: Narration;
}

export interface Story {
  recording: Recording;
  tracker: BeatTracker;
  context: NarrationContext;
  /** The trace index of the create request. */
  start: number;
  told: Told[];
}

/** Boots a recording cluster and starts tracking beats. */
export function bootStory(): { recording: Recording; tracker: BeatTracker } {
  const recording = recordingCluster();
  const c = recording.cluster;
  runUntil(
    c,
    () =>
      c
        .nodeNames()
        .every(
          (n) =>
            nodeReadyStatus(c, n) === 'True' &&
            !nodeTaints(c, n).some((t) => t.key.startsWith('node.')),
        ),
    60_000,
  );
  recording.listen();
  const tracker = new BeatTracker();
  c.sequencer.onTrace((e) => tracker.add(e, recording.sent.get(e.seq)));
  return { recording, tracker };
}

export function deploymentStory(): Story {
  const { recording, tracker } = bootStory();
  const c = recording.cluster;
  const start = c.sequencer.trace.length;
  c.request('POST', '/apis/apps/v1/namespaces/default/deployments', {
    body: deployment('web', 3),
  });
  runUntil(c, () => runningReady(c, { app: 'web' }).length === 3, 60_000);
  const context = recording.context();
  const told = c.sequencer.trace
    .slice(start)
    .map((event) => ({ event, narration: narrate(event, context.payload?.(event.seq), context) }));
  return { recording, tracker, context, start, told };
}
