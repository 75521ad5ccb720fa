/**
 * The requests a component sent, as the fake apiserver records them (client-go's testing.Action:
 * verb, resource, namespace, name, subresource, object), and helpers to assert on them in the
 * style of sample-controller's controller_test.go (filterInformerActions, expectActions).
 */
import { deepEqual } from '../../../shared/index.ts';
import type { ApiQuery } from '../../api/protocol.ts';
import type { Verb } from '../../api/requestInfo.ts';

export interface FakeAction {
  /** The component that sent the request. */
  from: string;
  /** The credentials' user (x509 common name), '' when anonymous. */
  user: string;
  verb: Verb;
  /** 'pods', 'deployments.apps': the group-qualified resource. */
  resource: string;
  namespace: string;
  name: string;
  subresource: string;
  query?: ApiQuery;
  body?: unknown;
}

/** Drops the list and watch requests informers make, leaving what the controller logic sent. */
export function filterInformerActions(actions: readonly FakeAction[]): FakeAction[] {
  return actions.filter((a) => a.verb !== 'list' && a.verb !== 'watch');
}

/** Whether an action has every field an expectation names (unnamed fields are not compared). */
export function matchesAction(actual: FakeAction, expected: Partial<FakeAction>): boolean {
  return Object.entries(expected).every(([k, v]) =>
    deepEqual((actual as unknown as Record<string, unknown>)[k], v),
  );
}

/** Why the actions differ from the expectations, in order; undefined if they match. */
export function checkActions(
  actual: readonly FakeAction[],
  expected: readonly Partial<FakeAction>[],
): string | undefined {
  const show = (a: Partial<FakeAction>) =>
    `${a.verb ?? '*'} ${a.resource ?? '*'}${a.subresource ? `/${a.subresource}` : ''} ${a.namespace ? `${a.namespace}/` : ''}${a.name ?? ''}`;
  const problems: string[] = [];
  for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
    const a = actual[i];
    const e = expected[i];
    if (!a) problems.push(`missing action #${i}: ${show(e!)}`);
    else if (!e) problems.push(`unexpected action #${i}: ${show(a)} ${JSON.stringify(a)}`);
    else if (!matchesAction(a, e))
      problems.push(`action #${i}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  }
  return problems.length ? problems.join('\n') : undefined;
}

/** Throws unless the actions match the expectations one for one. */
export function expectActions(
  actual: readonly FakeAction[],
  expected: readonly Partial<FakeAction>[],
): void {
  const problem = checkActions(actual, expected);
  if (problem) throw new Error(`actions differ from expectations:\n${problem}`);
}
