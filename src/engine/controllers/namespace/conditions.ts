/**
 * The namespace status conditions the deleter maintains while a namespace terminates: each type
 * is either a failure with its details or the "ok" variant with the fixed reason and message.
 */
import type { KubeObject } from '../../api/objects.ts';

export interface NamespaceCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

const CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
];

const OK: Record<string, { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: {
    reason: 'ResourcesDiscovered',
    message: 'All resources successfully discovered',
  },
  NamespaceDeletionGroupVersionParsingFailure: {
    reason: 'ParsedGroupVersions',
    message: 'All legacy kube types successfully parsed',
  },
  NamespaceDeletionContentFailure: {
    reason: 'ContentDeleted',
    message: 'All content successfully deleted, may be waiting on finalization',
  },
  NamespaceContentRemaining: {
    reason: 'ContentRemoved',
    message: 'All content successfully removed',
  },
  NamespaceFinalizersRemaining: {
    reason: 'ContentHasNoFinalizers',
    message: 'All content-preserving finalizers finished',
  },
};

export interface ContentTotals {
  /** 'pods.' (resource.group) -> instances left. */
  remaining: Record<string, number>;
  finalizers: Record<string, number>;
  errors: string[];
}

/** The failure conditions a deletion pass found (ProcessContentTotals, ProcessDeleteContentErr). */
export function failureConditions(totals: ContentTotals, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  const remaining = Object.entries(totals.remaining)
    .filter(([, n]) => n > 0)
    .map(([gr, n]) => `${gr} has ${n} resource instances`)
    .sort();
  if (remaining.length)
    out.push({
      type: 'NamespaceContentRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeResourcesRemain',
      message: `Some resources are remaining: ${remaining.join(', ')}`,
    });
  const finalizers = Object.entries(totals.finalizers)
    .map(([f, n]) => `${f} in ${n} resource instances`)
    .sort();
  if (finalizers.length)
    out.push({
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      lastTransitionTime: now,
      reason: 'SomeFinalizersRemain',
      message: `Some content in the namespace has finalizers remaining: ${finalizers.join(', ')}`,
    });
  if (totals.errors.length) {
    const msgs = [...totals.errors].sort();
    out.push({
      type: 'NamespaceDeletionContentFailure',
      status: 'True',
      lastTransitionTime: now,
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    });
  }
  return out;
}

/** updateConditions: the new condition list, or undefined when nothing but times would change. */
export function updateConditions(
  ns: KubeObject,
  failures: readonly NamespaceCondition[],
  now: string,
): NamespaceCondition[] | undefined {
  const conditions = [
    ...((ns.status as { conditions?: NamespaceCondition[] } | undefined)?.conditions ?? []),
  ].map((c) => ({ ...c }));
  let changed = false;
  for (const type of CONDITION_TYPES) {
    const next = failures.find((c) => c.type === type) ?? {
      type,
      status: 'False',
      lastTransitionTime: now,
      ...OK[type]!,
    };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push(next);
      changed = true;
    } else if (
      old.status !== next.status ||
      old.message !== next.message ||
      old.reason !== next.reason
    ) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      old.status = next.status;
      old.reason = next.reason;
      old.message = next.message;
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}
