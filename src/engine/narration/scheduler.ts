/**
 * Deliveries to kube-scheduler. The scheduler runs scheduleOne for every pod waiting in activeQ
 * after each message once its caches have synced, and notes a summary of each attempt; its full
 * decision record (the filter and score table) comes from the context's schedulingDecision.
 */
import type { DecisionRecord } from '../scheduler/index.ts';
import { narrateClientTimer, narrateResponse, narrateWatchEvent, timerName } from './clients.ts';
import { dig, str } from './fields.ts';
import { apiRequestOf, notesAfter, sentRequests, type Delivery } from './lookups.ts';
import { describeRequest } from './requests.ts';
import { rejectionsText, schedulingTable, scoreLine } from './table.ts';
import type { Narration, SchedulingTable } from './types.ts';
import { count, sentence } from './words.ts';

const ACTOR = 'kube-scheduler';

interface Attempt {
  pod: string;
  summary: string;
  table: SchedulingTable | undefined;
}

/** The attempts this delivery made, from its `scheduleOne <pod>: <summary>` notes. */
function attempts(d: Delivery): Attempt[] {
  return notesAfter(d, 'scheduleOne ').map((rest) => {
    const colon = rest.indexOf(': ');
    const pod = rest.slice(0, colon);
    const summary = rest.slice(colon + 2);
    const slash = pod.indexOf('/');
    const record: DecisionRecord | undefined = d.context.schedulingDecision?.(
      pod.slice(0, slash),
      pod.slice(slash + 1),
    );
    // Only the record of this very attempt fits: a later retry has its own time.
    const fits = record && record.pod === pod && record.at === d.event.deliverAt;
    return { pod, summary, table: fits ? schedulingTable(record) : undefined };
  });
}

function winnerOf(a: Attempt): string | undefined {
  if (a.table) return a.table.winner ?? undefined;
  return /(\S+) (?:won|is the only feasible node)/.exec(a.summary)?.[1];
}

function filterSentence(a: Attempt): string {
  const t = a.table;
  if (!t) return `scheduleOne: ${sentence(a.summary)}`;
  const rejected = rejectionsText(t);
  const scored = t.rows.filter((r) => r.total !== undefined).length;
  const filtered = `It filtered ${count(t.evaluated, 'node')}${rejected ? ` (${rejected})` : ''}`;
  if (!t.winner) return `${filtered}; none passed every filter.`;
  const score = scoreLine(t);
  if (scored > 1 && score)
    return rejected
      ? `${filtered} and scored the other ${scored}; ${score}.`
      : `${filtered}; all passed, so it scored all ${scored}; ${score}.`;
  return `${filtered}; only ${t.winner} passed, so there was nothing to score.`;
}

function bound(d: Delivery, a: Attempt, winner: string): Narration {
  const details = [
    `Its pod informer saw pod ${a.pod} with no spec.nodeName, so the pod went into the scheduling queue (activeQ), and scheduleOne took it.`,
    filterSentence(a),
    `It assumes the pod on ${winner} in its own cache, so the next pod already counts this one's requests, and asks the apiserver to create a Binding (pods/binding, the DefaultBinder). If the binding fails, it forgets the assumed pod and tries again.`,
  ];
  const n: Narration = {
    actor: ACTOR,
    headline: `The scheduler picks ${winner} for pod ${a.pod} and asks the apiserver to bind it.`,
    details,
    title: `The scheduler binds pod ${a.pod} to ${winner}`,
  };
  if (a.table) n.table = a.table;
  return n;
}

function unschedulable(d: Delivery, a: Attempt): Narration {
  const why = a.table?.message || a.summary.split('; ').at(-1) || a.summary;
  const details = [
    filterSentence(a),
    'It records a FailedScheduling event, sets the PodScheduled condition to False (reason Unschedulable) and parks the pod in unschedulablePods; a cluster event that could make it fit (a node added or changed, a pod deleted) moves it back, and after 5 minutes it is tried again anyway.',
  ];
  for (const note of notesAfter(d, 'preemption: ')) details.push(`Preemption: ${sentence(note)}`);
  const n: Narration = {
    actor: ACTOR,
    headline: `The scheduler finds no node for pod ${a.pod}: ${sentence(why)}`,
    details,
    title: `The scheduler cannot place pod ${a.pod}`,
  };
  if (a.table) n.table = a.table;
  return n;
}

function narrateAttempts(d: Delivery, list: Attempt[]): Narration {
  const [first, ...rest] = list;
  const winner = winnerOf(first!);
  const n = winner ? bound(d, first!, winner) : unschedulable(d, first!);
  for (const a of rest) n.details!.push(`Then pod ${a.pod}: ${sentence(a.summary)}`);
  return n;
}

function narrateBindReply(d: Delivery): Narration | undefined {
  const p = d.payload?.kind === 'api.response' ? d.payload : undefined;
  const request = p ? apiRequestOf(d, p) : undefined;
  const bindPath = request?.path.endsWith('/binding');
  const scheduled = sentRequests(d)
    .map(
      (r) =>
        str(dig(r.payload.body, 'reason')) === 'Scheduled' && str(dig(r.payload.body, 'message')),
    )
    .find((m): m is string => !!m);
  if (!bindPath && !scheduled) return undefined;
  const target = request ? describeRequest(request).target : undefined;
  const ok = p !== undefined && p.code < 300;
  const pod = target?.name ? `${target.namespace}/${target.name}` : 'the pod';
  if (!ok && p)
    return {
      actor: ACTOR,
      headline: `The apiserver refuses the binding of pod ${pod} (${p.code}); the scheduler forgets the assumed pod and queues it again.`,
      details: notesAfter(d, 'binding ').map((n) => sentence(`Binding ${n}`)),
    };
  return {
    actor: ACTOR,
    headline: `The apiserver confirms the binding of pod ${pod}; the scheduler records a Scheduled event${scheduled ? `: "${scheduled}"` : ''}.`,
    details: [
      'The pod is no longer only assumed in the scheduler cache: its spec.nodeName is stored, and the kubelet of that node will see the pod through its watch.',
    ],
  };
}

/** A delivery to kube-scheduler. */
export function narrateScheduler(d: Delivery): Narration {
  const list = attempts(d);
  if (list.length) return narrateAttempts(d, list);
  const p = d.payload;
  const kind = p?.kind ?? d.event.kind;
  if (kind === 'api.response') return narrateBindReply(d) ?? narrateResponse(d);
  const moved = d.notes.filter((n) => /moved \d+ /.test(n) || /to activeQ/.test(n));
  if (kind === 'api.watch') {
    const n = narrateWatchEvent(
      d,
      'The scheduler keeps pods without a node in its scheduling queue and every node with the pods on it in its cache (NodeInfo), which the filters and scores read.',
    );
    for (const m of moved)
      n.details!.push(
        `This change could make waiting pods fit: ${sentence(m)} (MoveAllToActiveOrBackoffQueue)`,
      );
    return n;
  }
  const name = timerName(d);
  const client = narrateClientTimer(d, name);
  if (client) return client;
  return {
    actor: ACTOR,
    headline: moved.length
      ? `The scheduler's ${name} timer moves waiting pods back to be scheduled.`
      : `The scheduler's ${name} timer fires; no pod is waiting for it.`,
    details: moved.map(sentence),
  };
}
