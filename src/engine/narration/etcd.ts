/**
 * Deliveries to etcd: the apiserver's reads, transactions, watches and compactions. etcd keeps
 * one revision for the whole store; every write moves it, and that number is what Kubernetes
 * calls resourceVersion.
 */
import type { Compare, EtcdOp, TxnOp } from '../etcd/protocol.ts';
import { hasNote, notesAfter, sentOfKind, type Delivery } from './lookups.ts';
import type { Narration } from './types.ts';
import { sentence } from './words.ts';

const ACTOR = 'etcd';

function compareText(c: Compare): string {
  const target =
    c.target === 'MOD' ? 'mod_revision' : c.target === 'CREATE' ? 'create_revision' : 'version';
  const op =
    c.result === 'EQUAL'
      ? '='
      : c.result === 'NOT_EQUAL'
        ? '!='
        : c.result === 'GREATER'
          ? '>'
          : '<';
  return `${target}(${c.key}) ${op} ${c.value}`;
}

function opText(op: TxnOp): string {
  switch (op.op) {
    case 'put':
      return `put ${op.key}`;
    case 'deleteRange':
      return `delete ${op.key}`;
    default:
      return `read ${op.key}`;
  }
}

function txnHeadline(d: Delivery, success: TxnOp[]): string {
  const committed = notesAfter(d, 'txn succeeded at rev ')[0];
  const writes = success.filter((o) => o.op !== 'range');
  if (committed && writes.length === 1) {
    const w = writes[0]!;
    return `etcd ${w.op === 'put' ? 'writes' : 'deletes'} ${w.key} at revision ${committed}.`;
  }
  if (committed) return `etcd commits the transaction at revision ${committed}.`;
  if (hasNote(d, 'refused: '))
    return `etcd refuses the transaction: ${notesAfter(d, 'refused: ')[0]}.`;
  return 'etcd finds the compare false, so it runs the failure branch and returns the current value instead of writing.';
}

function narrateOp(d: Delivery, op: EtcdOp): Narration {
  const details: string[] = [];
  let headline: string;
  switch (op.op) {
    case 'txn':
      headline = txnHeadline(d, op.success);
      details.push(
        `The transaction: if ${op.compare.map(compareText).join(' and ') || 'true'} then ${op.success.map(opText).join(', ')}${op.failure.length ? `, else ${op.failure.map(opText).join(', ')}` : ''}. etcd checks the condition and applies the branch atomically.`,
      );
      break;
    case 'range':
      headline = `etcd reads ${op.key}${op.rangeEnd ? ' and every key under it' : ''}${op.revision ? ` as of revision ${op.revision}` : ''}.`;
      break;
    case 'put':
      headline = `etcd writes ${op.key}.`;
      break;
    case 'deleteRange':
      headline = `etcd deletes ${op.key}${op.rangeEnd ? ' and every key under it' : ''}.`;
      break;
    case 'watch':
      headline = `etcd starts a watch on ${op.key}${op.rangeEnd ? ' and every key under it' : ''} from ${op.startRevision ? `revision ${op.startRevision}` : 'now'}.`;
      details.push(
        'etcd keeps the history of every key, so a watch can start in the past and replay what happened since, as long as that history has not been compacted.',
      );
      break;
    case 'cancelWatch':
      headline = 'etcd cancels a watch.';
      break;
    case 'compact':
      headline = `etcd compacts its history up to revision ${op.revision}.`;
      details.push(
        'Older versions of each key are dropped; reads and watches from before that revision now fail with "required revision has been compacted".',
      );
      break;
  }
  return finish(d, headline, details);
}

function finish(d: Delivery, headline: string, details: string[]): Narration {
  for (const note of d.notes)
    if (!note.startsWith('txn succeeded')) details.push(`etcd notes: ${sentence(note)}`);
  if (sentOfKind(d, 'etcd.watch').length)
    details.push(
      "The revision moved, so etcd sends the change to every watch whose key range covers it: here the apiserver's watch on /registry/.",
    );
  return { actor: ACTOR, headline, details };
}

/** A delivery to etcd. */
export function narrateEtcd(d: Delivery): Narration {
  const p = d.payload;
  if (p?.kind === 'etcd.request') return narrateOp(d, p.request);
  return finish(d, `etcd handles a request from ${d.event.from}: ${d.event.summary}.`, []);
}
