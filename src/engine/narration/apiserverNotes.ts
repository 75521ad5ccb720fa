/**
 * The apiserver notes each stage of its request pipeline on the trace (src/engine/apiserver).
 * Here each note becomes a sentence that says what the stage is for, in the vocabulary of the
 * real kube-apiserver. Notes this file does not know are kept as they are.
 */
import { sentence } from './words.ts';

type Explainer = (rest: string) => string;

const PREFIXES: [string, Explainer][] = [
  ['authentication: ', (r) => `Authentication: the credentials identify the user ${r}.`],
  ['authorization: ', (r) => `Authorization: ${sentence(r)}`],
  [
    'admission NamespaceLifecycle: ',
    (r) =>
      `Admission: NamespaceLifecycle lets the object in because ${r} (nothing is created in a namespace that is terminating).`,
  ],
  [
    'mutating admission: ',
    (r) => `Mutating admission: the plugins ${r} filled in or changed fields of the object.`,
  ],
  ['validation: passed', () => 'Validation: the object passed the API rules for its kind.'],
  [
    'rejected: ',
    (r) => `The request stops here: the apiserver answers ${r} with a Status that says why.`,
  ],
  [
    'no change: ',
    () => 'The object would be the same after the change, so nothing is written to etcd.',
  ],
  [
    'served from the watch cache',
    (r) =>
      `Served from the watch cache${r}: a list with resourceVersion=0 may be answered from memory, without a read from etcd (informers list this way).`,
  ],
  [
    'no watch cache for ',
    (r) =>
      `No watch cache: the apiserver keeps none for events, so this watch reads etcd directly (${r}).`,
  ],
  [
    'etcd compacted past',
    () =>
      'etcd has compacted the history this watch would start from, so the apiserver ends it with 410 Expired ("The resourceVersion for the provided watch is too old."); the client lists again.',
  ],
  [
    'not ready yet',
    () =>
      'The apiserver is still filling its watch cache from etcd, so the request waits until it is ready.',
  ],
  [
    'eviction: ',
    (r) =>
      `Eviction API: ${r}. (PodDisruptionBudgets, which could refuse an eviction, are not modelled.)`,
  ],
];

function explainStorage(rest: string): string {
  const create = /^txn put (\S+) if it does not exist/.exec(rest);
  if (create)
    return `Storage: a transaction asks etcd to put ${create[1]} only if the key does not exist yet (create_revision = 0), so two creates of one name cannot both succeed.`;
  const write = /^txn (put|delete) (\S+) if mod_revision = (\d+)/.exec(rest);
  if (write)
    return `Storage: a transaction asks etcd to ${write[1]} ${write[2]} only if its mod_revision is still ${write[3]}, the version the change was computed from (optimistic concurrency, as the registry's GuaranteedUpdate does).`;
  return `Storage: ${sentence(rest)}`;
}

function explainWatch(note: string): string | undefined {
  let m = /^watch started at resourceVersion (\d+) with (\d+) synthetic ADDED/.exec(note);
  if (m)
    return `The watch starts at resourceVersion ${m[1]}: first ${m[2]} synthetic ADDED events describe what exists now, then every change follows as it happens.`;
  m = /^watch resumed after resourceVersion (\d+)(?:, replaying (\d+))?/.exec(note);
  if (m)
    return `The watch continues after resourceVersion ${m[1]}${m[2] ? `, first replaying ${m[2]} change(s) the client has not seen` : ''}: the client's list and its watch leave no gap.`;
  if (/older than the watch cache window/.test(note))
    return `${sentence(note)} The client must list again and watch from the new list's resourceVersion.`;
  return undefined;
}

/** One pipeline note as a sentence a student can follow. */
export function explainApiNote(note: string): string {
  if (note.startsWith('storage: ')) return explainStorage(note.slice('storage: '.length));
  const gen = /^generateName "([^"]*)" -> name "([^"]*)"/.exec(note);
  if (gen)
    return `Naming: the object has generateName "${gen[1]}", so the apiserver appends a random 5-character suffix: "${gen[2]}".`;
  const bind = /^bind pod (\S+) to node (\S+)/.exec(note);
  if (bind)
    return `Binding: the pods/binding subresource sets spec.nodeName of pod ${bind[1]} to ${bind[2]}; a pod is bound once and never moves.`;
  const watch = explainWatch(note);
  if (watch) return watch;
  const retry = /^etcd txn failed: (\S+) changed since revision (\d+)/.exec(note);
  if (retry)
    return `${retry[1]} changed in etcd after revision ${retry[2]}, so the compare failed; the apiserver computes the change again on the newer copy and retries.`;
  for (const [prefix, explain] of PREFIXES)
    if (note.startsWith(prefix)) return explain(note.slice(prefix.length));
  return sentence(note);
}
