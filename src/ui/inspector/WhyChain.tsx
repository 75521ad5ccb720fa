import { formatVirtualTime } from '../format.ts';
import { describeLink, etcdOutcome } from './whyChain.ts';
import { useWhy } from './useRuntimeQuery.ts';

/**
 * "Why does this version exist?": every delivery from the first cause (usually the learner's
 * kubectl request) to the etcd write that stored it, each sent because of the one before.
 */
export function WhyChain({ etcdKey, revision }: { etcdKey: string; revision: number | undefined }) {
  const chain = useWhy(etcdKey, revision);
  if (revision === undefined) return <p className="hint">A deletion has no object to explain.</p>;
  if (!chain) return <p className="hint">Following the causes back…</p>;
  if (chain.length === 0)
    return (
      <p className="hint" data-testid="inspector-why">
        The write of revision {revision} is not in the trace.
      </p>
    );
  const first = chain[0]!;
  return (
    <>
      <p className="hint">
        {chain.length} deliveries, each caused by the one before;{' '}
        {first.kind === 'user.action'
          ? 'it began with your action.'
          : first.cause === null
            ? `it began with ${first.from}.`
            : 'the earliest causes are no longer in the trace.'}
      </p>
      <ol className="why" data-testid="inspector-why">
        {chain.map((e) => {
          const outcome = etcdOutcome(e);
          return (
            <li key={e.seq}>
              <span className="why-time">{formatVirtualTime(e.deliverAt)}</span>
              <span className="why-link">{describeLink(e)}</span>
              {outcome && <span className="why-outcome">{outcome}</span>}
            </li>
          );
        })}
      </ol>
    </>
  );
}
