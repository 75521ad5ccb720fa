/**
 * Events that are not ordinary deliveries: components starting and stopping, network partitions
 * healing, messages lost on the way, and a component crashing while handling a message.
 */
import type { TraceEvent } from '../sim/trace.ts';
import type { Delivery } from './lookups.ts';
import type { Narration } from './types.ts';
import { sentence, who, Who } from './words.ts';

function startWhy(id: string): string {
  if (id === 'kube-apiserver')
    return 'It lists everything under /registry/ from etcd into its watch cache and watches etcd from that revision; requests that arrive earlier wait until it is ready.';
  if (id === 'etcd')
    return 'etcd is the one place where the cluster state is stored; the apiserver is its only client.';
  if (id.startsWith('kubelet/'))
    return 'It asks the runtime what already runs, registers its Node (or finds it), starts its Lease heartbeat, and lists and watches the pods bound to its node.';
  if (id.startsWith('containerd/'))
    return 'The container runtime starts; the kubelet talks to it over the CRI.';
  if (id === 'kubectl')
    return 'kubectl is how you talk to the cluster: every action is a request to the apiserver.';
  return 'It starts with empty memory: its informers list what they need from the apiserver and then watch for changes; it acts once its caches have synced.';
}

function narrateStart(d: Delivery): Narration {
  const id = d.event.to;
  const details = [startWhy(id), ...d.notes.map(sentence)];
  if (d.event.error) details.push(`It crashed while starting: ${d.event.error}.`);
  return { actor: id, headline: `${Who(id)} starts.`, details, title: `${Who(id)} starts` };
}

/** Lifecycle events: component.start/stop/crash, network.partition/heal and the user's actions. */
export function narrateLifecycle(d: Delivery): Narration | undefined {
  const id = d.event.to;
  switch (d.event.kind) {
    case 'component.start':
      return narrateStart(d);
    case 'component.stop':
      return {
        actor: id,
        headline: `${Who(id)} stops.`,
        details: [
          'Its memory is gone, as with a killed process. Messages sent to it are lost until it starts again, and nobody is told: the others notice only through time-outs, missing heartbeats and ended watches.',
        ],
        title: `${Who(id)} stops`,
      };
    case 'component.crash':
      return {
        actor: id,
        headline: `${Who(id)} crashes.`,
        details: d.event.error ? [`Error: ${d.event.error}`] : [],
        title: `${Who(id)} crashes`,
      };
    case 'network.partition':
      return {
        actor: id,
        headline: `${Who(id)} is cut off from the network.`,
        details: [
          'Requests and replies across the cut are lost. Watch streams are held and arrive when the network heals, as TCP retransmits a connection that is interrupted but not closed.',
        ],
        title: `The network to ${who(id)} is cut`,
      };
    case 'user.action':
      return {
        actor: 'user',
        headline: `You: ${d.event.summary}.`,
        details: [
          'Everything that follows starts here: each message the cluster sends because of it carries this step as its cause.',
        ],
        title: `You: ${d.event.summary}`,
      };
    case 'network.heal':
      return {
        actor: id,
        headline: `The network to ${who(id)} is back.`,
        details: ['Held watch events now arrive, in order; requests flow again.'],
        title: `The network to ${who(id)} heals`,
      };
    default:
      return undefined;
  }
}

/** A message that never reached its receiver. */
export function narrateDropped(event: TraceEvent): Narration {
  if (event.from === event.to)
    return {
      actor: event.to,
      headline: `A timer ${who(event.to)} had set (${event.summary.replace(/^timer /, '')}) comes due, but ${who(event.to)} is no longer running.`,
      details: ['A stopped process forgets its timers; a restarted one sets its own.'],
    };
  const why =
    event.dropped === 'receiver down'
      ? `${who(event.to)} is not running`
      : 'a network partition lies between them';
  return {
    actor: event.to,
    headline: `The message from ${who(event.from)} to ${who(event.to)} (${event.summary}) is lost: ${why}.`,
    details: [
      'The sender is not told. A client request times out; a lost watch event never happens on a healthy stream, so watches are held during a partition instead.',
    ],
  };
}

/** Adds the crash to a narration when the receiver threw while handling the message. */
export function withCrash(n: Narration, event: TraceEvent): Narration {
  if (event.error === undefined) return n;
  return {
    ...n,
    headline: `${n.headline} ${Who(event.to)} crashes while handling it.`,
    details: [
      ...(n.details ?? []),
      `Error: ${event.error}. The rest of the cluster keeps running.`,
    ],
    title: `${Who(event.to)} crashes`,
  };
}
