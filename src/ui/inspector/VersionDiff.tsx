import { useMemo } from 'react';
import type { KeyVersionView } from '../../engine/index.ts';
import { diffHunks, lineDiff } from './lineDiff.ts';
import { objectYaml } from './objectYaml.ts';

const MARK = { ' ': ' ', '-': '-', '+': '+' } as const;
const SAID = { ' ': 'unchanged', '-': 'removed', '+': 'added' } as const;

/**
 * What changed between two versions of an object, as a unified line diff of their YAML: each
 * changed line starts with + or - (not only a colour), with three unchanged lines around.
 */
export function VersionDiff({
  version,
  previous,
}: {
  version: KeyVersionView;
  previous: KeyVersionView | undefined;
}) {
  const lines = useMemo(() => {
    const before = previous?.object ? objectYaml(previous.object) : '';
    const after = version.object ? objectYaml(version.object) : '';
    return diffHunks(lineDiff(before, after));
  }, [version, previous]);

  if (!previous) {
    return (
      <p className="hint" data-testid="inspector-diff">
        {version.version === 1
          ? `Created at revision ${version.revision}: there is no earlier version.`
          : 'The earlier versions were compacted away: etcd no longer has them.'}
      </p>
    );
  }
  const added = lines.filter((l) => l?.op === '+').length;
  const removed = lines.filter((l) => l?.op === '-').length;
  return (
    <>
      <p className="hint">
        From revision {previous.revision} to {version.revision}: {added} line
        {added === 1 ? '' : 's'} added (+), {removed} removed (-).
      </p>
      <pre
        className="diff"
        data-testid="inspector-diff"
        tabIndex={0}
        aria-label={`Changes from revision ${previous.revision} to ${version.revision}`}
      >
        {lines.map((l, i) =>
          l === null ? (
            <span key={i} className="diff-gap">
              {'  …\n'}
            </span>
          ) : (
            <span key={i} className={`diff-line diff-${SAID[l.op]}`}>
              {`${MARK[l.op]} ${l.text}\n`}
            </span>
          ),
        )}
      </pre>
    </>
  );
}
