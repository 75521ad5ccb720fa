/** The service registry's allocation step, bound to the apiserver's state and watch cache. */
import type { StepContext } from '../../sim/component.ts';
import type { KubeObject } from '../../api/objects.ts';
import type { FieldError } from '../../api/fieldErrors.ts';
import { findResource } from '../../api/resources.ts';
import type { ApiServerState } from '../state.ts';
import { getResourceCache } from '../watchCache.ts';
import { allocateServiceAddresses, pruneReservations } from './serviceAllocator.ts';

const SERVICES = findResource('', 'services')!;

export function allocateForService(
  state: ApiServerState,
  operationId: string,
  svc: KubeObject,
  old: KubeObject | undefined,
  ctx: StepContext,
): FieldError[] {
  pruneReservations(state.reservations, state.cache.revision);
  const services = getResourceCache(state.cache, SERVICES).store.values();
  const before = JSON.stringify([
    (svc.spec as { clusterIP?: string } | undefined)?.clusterIP,
    (svc.spec as { ports?: unknown } | undefined)?.ports,
  ]);
  const errors = allocateServiceAddresses(
    svc,
    old,
    services,
    state.reservations,
    ctx.rng,
    operationId,
  );
  const spec = svc.spec as { clusterIP?: string; ports?: { nodePort?: number }[] } | undefined;
  if (!errors.length && JSON.stringify([spec?.clusterIP, spec?.ports]) !== before) {
    const ports = (spec?.ports ?? []).map((p) => p.nodePort).filter(Boolean);
    ctx.note(
      `service allocation: clusterIP ${spec?.clusterIP ?? 'none'}${ports.length ? `, nodePort(s) ${ports.join(', ')}` : ''}`,
    );
  }
  return errors;
}
