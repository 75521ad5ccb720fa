/**
 * RunPodSandbox: the pause image, an address from the node's pod CIDR (host-local IPAM) and the
 * sandbox record; plus the random 64-hex ids containerd gives sandboxes and containers. Separate
 * because it is the only call that can fail on networking.
 */
import { randomString } from '../../../shared/index.ts';
import type { StepContext } from '../../sim/component.ts';
import type { CriRequest } from '../cri/protocol.ts';
import { findImage, storeImage } from './imageService.ts';
import { PAUSE_IMAGE } from './images.ts';
import { allocateIp } from './ipam.ts';
import { HEX, type ContainerdState } from './state.ts';

export function newId(ctx: StepContext): string {
  return randomString(ctx.rng, 64, HEX);
}

export function runPodSandbox(
  state: ContainerdState,
  request: Extract<CriRequest, { method: 'RunPodSandbox' }>,
  ctx: StepContext,
): { ok: true; id: string } | { ok: false; message: string } {
  const id = newId(ctx);
  // containerd pulls its sandbox image itself when it is missing.
  if (!findImage(state, { image: PAUSE_IMAGE })) storeImage(state, PAUSE_IMAGE);
  const ip = allocateIp(state);
  if (!ip) {
    const why = state.podCidr ? 'no IP addresses available in range set' : 'no pod CIDR configured';
    return {
      ok: false,
      message: `failed to setup network for sandbox "${id}": plugin type="host-local" failed (add): ${why}`,
    };
  }
  state.sandboxes.set(id, {
    id,
    metadata: { ...request.config.metadata },
    state: 'SANDBOX_READY',
    createdAt: ctx.now,
    ip,
    labels: { ...request.config.labels },
    annotations: { ...request.config.annotations },
    config: request.config,
  });
  ctx.note(
    `sandbox ${request.config.metadata.namespace}/${request.config.metadata.name} gets ${ip}`,
  );
  return { ok: true, id };
}
