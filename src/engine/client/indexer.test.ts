import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/objects.ts';
import {
  indexerDelete,
  indexerReplace,
  indexerSet,
  newIndexer,
  type IndexSpec,
} from './indexer.ts';

const SPECS: IndexSpec[] = [
  { name: 'node', field: 'spec.nodeName' },
  { name: 'ports', field: 'spec.ports' },
  { name: 'app', label: 'app' },
  { name: 'controller', owner: 'controller' },
  { name: 'owner', owner: 'any' },
];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const pod = fc
  .record({
    name: pick(['a', 'b', 'c']),
    namespace: pick(['default', 'team']),
    nodeName: fc.option(pick(['n1', 'n2']), { nil: undefined }),
    ports: fc.option(fc.array(pick([80, 443, 'x']), { maxLength: 3 }), { nil: undefined }),
    app: fc.option(pick(['web', 'db']), { nil: undefined }),
    owners: fc.array(fc.record({ uid: pick(['u1', 'u2']), controller: fc.boolean() }), {
      maxLength: 2,
    }),
  })
  .map((p): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      ...(p.app ? { labels: { app: p.app } } : {}),
      ownerReferences: p.owners.map((o) => ({ apiVersion: 'v1', kind: 'X', name: 'x', ...o })),
    },
    spec: { nodeName: p.nodeName, ports: p.ports },
  }));

describe('Indexer', () => {
  it('keeps every index equal to one built from scratch, through any adds, updates and deletes', () => {
    const op = fc.oneof(pod, pick(['default/a', 'team/b', 'default/c']));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ix = newIndexer(SPECS);
        for (const o of ops) {
          if (typeof o === 'string') indexerDelete(ix, o);
          else indexerSet(ix, o);
          const fresh = newIndexer(SPECS);
          indexerReplace(fresh, [...ix.items.values()]);
          expect(ix.indices).toEqual(fresh.indices);
          for (const index of ix.indices.values())
            for (const keys of index.values())
              for (const [key, obj] of keys) expect(ix.items.get(key)).toBe(obj);
        }
      }),
    );
  });
});
