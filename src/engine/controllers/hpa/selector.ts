/**
 * validateAndParseSelector: the scale's selector must exist, parse, and select pods that no other
 * HPA in the namespace also drives. Its own file because it is the one stage that reads the
 * other HPAs' selectors (hpaSelectors) rather than this HPA's own chain.
 */
import { Lister } from '../../client/index.ts';
import { parseLabelSelector, matchesLabels, type LabelSelector } from '../../api/labels.ts';
import type { ControllerKit } from '../framework.ts';
import { condition, type HpaControllerState, type Reconcile } from './reconcileState.ts';

/** validateAndParseSelector, with the check that no other HPA drives the same pods. */
export function validateAndParseSelector(
  state: HpaControllerState,
  key: string,
  r: Reconcile,
  kit: ControllerKit,
): LabelSelector | undefined {
  const text = ((r.scale?.status ?? {}) as { selector?: string }).selector ?? '';
  if (text === '') {
    kit.event(r.hpa, 'Warning', 'SelectorRequired', 'selector is required');
    condition(
      kit,
      r,
      'ScalingActive',
      'False',
      'InvalidSelector',
      "the HPA target's scale is missing a selector",
    );
    return undefined;
  }
  const parsed = parseLabelSelector(text);
  if (!parsed.ok) {
    const message = `couldn't convert selector into a corresponding internal selector object: ${parsed.error}`;
    kit.event(r.hpa, 'Warning', 'InvalidSelector', message);
    condition(kit, r, 'ScalingActive', 'False', 'InvalidSelector', message);
    return undefined;
  }
  if (key in state.selectors) state.selectors[key] = text;
  const ns = r.hpa.metadata.namespace ?? '';
  const pods = Lister.list(kit.informer('pods'), { namespace: ns, labelSelector: parsed.selector });
  const controlling = new Set<string>();
  for (const [other, otherText] of Object.entries(state.selectors)) {
    if (otherText === null || !other.startsWith(`${ns}/`)) continue;
    const sel = parseLabelSelector(otherText);
    if (sel.ok && pods.some((p) => matchesLabels(sel.selector, p.metadata.labels)))
      controlling.add(other);
  }
  if (controlling.size > 1) {
    const list = [...controlling].sort().join(' ');
    const message = `pods by selector ${text} are controlled by multiple HPAs: [${list}]`;
    kit.event(r.hpa, 'Warning', 'AmbiguousSelector', message);
    condition(kit, r, 'ScalingActive', 'False', 'AmbiguousSelector', message);
    return undefined;
  }
  r.selector = text;
  return parsed.selector;
}
