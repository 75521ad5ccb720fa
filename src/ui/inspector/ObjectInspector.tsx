import { useId, useState } from 'react';
import {
  findResource,
  objectKey,
  type KeyVersionView,
  type KubeObject,
} from '../../engine/display.ts';
import { useView, type Selection } from '../store.ts';
import { VersionDiff } from './VersionDiff.tsx';
import { WhyChain } from './WhyChain.tsx';
import { objectYaml } from './objectYaml.ts';
import { useKeyHistory } from './useRuntimeQuery.ts';

type ObjectKind = Exclude<Selection['kind'], 'component' | 'message'>;

const RESOURCE: Record<ObjectKind, string> = { pod: 'pods', node: 'nodes', service: 'services' };
const EMPTY: KubeObject[] = [];

/** The etcd key the apiserver stores the selected object under ("default/web-1" or "node-1"). */
export function etcdKeyOf(kind: ObjectKind, id: string): string {
  const prefix = findResource('', RESOURCE[kind])!.etcdPrefix;
  return `${prefix}/${id}`;
}

/** The object as the UI's mirror of etcd holds it now, if it exists. */
function useCurrent(kind: ObjectKind, id: string): KubeObject | undefined {
  const list = useView((s) => {
    const snap = s.snapshot;
    if (!snap) return EMPTY;
    return kind === 'pod' ? snap.pods : kind === 'node' ? snap.nodes : snap.services;
  });
  return list.find((o) => objectKey(o) === id);
}

function versionLabel(v: KeyVersionView, latest: boolean): string {
  const what = v.deleted ? 'deleted' : `version ${v.version}`;
  return `rev ${v.revision}: ${what}${latest ? ' (latest)' : ''}`;
}

/**
 * A pod, node or Service: where etcd keeps it, each version still in etcd's history, the chosen
 * version as `kubectl get -o yaml` prints it and what changed from the one before, and why that
 * version was written.
 */
export function ObjectInspector({ kind, id }: { kind: ObjectKind; id: string }) {
  const key = etcdKeyOf(kind, id);
  const current = useCurrent(kind, id);
  const history = useKeyHistory(key, current?.metadata.resourceVersion);
  // The version the learner picked; none means: follow the latest as it changes.
  const [picked, setPicked] = useState<number>();
  const selectId = useId();

  if (!history) return <p className="hint">Reading {key} from etcd…</p>;
  const versions = history.versions;
  if (versions.length === 0)
    return (
      <p className="hint">
        etcd holds no version of <code>{key}</code>: the object was never created, or its history
        was compacted away.
      </p>
    );
  const index = Math.max(
    0,
    picked === undefined ? versions.length - 1 : versions.findIndex((v) => v.revision === picked),
  );
  const version = versions[index]!;
  const previous = index > 0 ? versions[index - 1] : undefined;

  return (
    <>
      <dl className="facts" data-testid="inspector-facts">
        <dt>etcd key</dt>
        <dd>
          <code data-testid="inspector-key">{key}</code>
        </dd>
        <dt>etcd revision now</dt>
        <dd data-testid="inspector-store-revision">{history.revision}</dd>
        <dt>modRevision</dt>
        <dd data-testid="inspector-revision">{version.modRevision}</dd>
        <dt>createRevision</dt>
        <dd>{version.createRevision || '–'}</dd>
        <dt>version</dt>
        <dd>{version.deleted ? 'deleted' : version.version}</dd>
      </dl>

      <div className="versions">
        <label htmlFor={selectId}>Version</label>
        <select
          id={selectId}
          value={version.revision}
          onChange={(e) => {
            const rev = Number(e.target.value);
            setPicked(rev === versions.at(-1)!.revision ? undefined : rev);
          }}
          data-testid="inspector-version"
        >
          {versions.map((v, i) => (
            <option key={v.revision} value={v.revision}>
              {versionLabel(v, i === versions.length - 1)}
            </option>
          ))}
        </select>
        <span className="hint">
          {versions.length} version{versions.length === 1 ? '' : 's'} still in etcd
        </span>
      </div>

      <h3>YAML</h3>
      {version.object ? (
        <pre
          className="yaml"
          data-testid="inspector-yaml"
          tabIndex={0}
          aria-label={`${kind} ${id} at revision ${version.revision}, as kubectl get -o yaml prints it`}
        >
          {objectYaml(version.object)}
        </pre>
      ) : (
        <p className="hint">Deleted at revision {version.revision}.</p>
      )}

      <h3>Changes from the previous version</h3>
      <VersionDiff version={version} previous={previous} />

      <h3>Why</h3>
      <WhyChain etcdKey={key} revision={version.deleted ? undefined : version.modRevision} />
    </>
  );
}
