/**
 * The CRI ImageService of the simulated containerd: a per-node image store, pulls whose duration
 * follows the image size (a fixed registry bandwidth plus the time to resolve the reference), and
 * containerd's own error text for references the registry does not know.
 */
import type { StepContext } from '../../sim/component.ts';
import type { CriRequest, CriResponses, Image, ImageSpec } from '../cri/protocol.ts';
import { normalizeImage, pullNotFoundMessage, resolveImage } from './images.ts';
import type { ContainerdState } from './state.ts';
import { reply, replyError } from './reply.ts';

export function findImage(state: ContainerdState, spec: ImageSpec): Image | undefined {
  const ref = spec.image;
  if (ref.startsWith('sha256:')) return state.images.get(ref);
  const full = normalizeImage(ref).full;
  return [...state.images.values()].find(
    (i) => i.repoTags.includes(full) || i.repoDigests.includes(ref),
  );
}

function toImage(i: Image): Image {
  return { id: i.id, repoTags: [...i.repoTags], repoDigests: [...i.repoDigests], size: i.size };
}

/** Puts an image into the store (a finished pull, or an image preloaded on the node). */
export function storeImage(state: ContainerdState, ref: string): Image | undefined {
  const resolved = resolveImage(ref);
  if (!resolved) return undefined;
  const existing = state.images.get(resolved.id);
  const image: Image = existing ?? {
    id: resolved.id,
    repoTags: [],
    repoDigests: [resolved.repoDigest],
    size: resolved.size,
  };
  if (!image.repoTags.includes(resolved.name.full)) image.repoTags.push(resolved.name.full);
  state.images.set(resolved.id, image);
  return image;
}

/** How long a pull of `size` bytes takes. */
function pullDurationMs(state: ContainerdState, size: number): number {
  return Math.round(state.pullOverheadMs + size / state.bytesPerMs);
}

/**
 * How long PullImage takes for a reference. containerd resolves the reference with the registry
 * every time, then fetches only the blobs its content store lacks: an image already in the store
 * costs the resolution alone (`ctr` shows its layers as "exists"). That is the common case when
 * several pods on a node start from one image at once: each pod's pull waits in the kubelet's
 * serial queue behind the first, then finds the content there.
 */
function pullDelayMs(state: ContainerdState, ref: string): number {
  const resolved = resolveImage(ref);
  if (!resolved || state.images.has(resolved.id))
    return Math.max(1, Math.round(state.pullOverheadMs));
  return pullDurationMs(state, resolved.size);
}

type ImageRequest = Extract<
  CriRequest,
  { method: 'PullImage' | 'ImageStatus' | 'ListImages' | 'RemoveImage' }
>;

export function handleImageRequest(
  state: ContainerdState,
  request: ImageRequest,
  from: string,
  requestId: string,
  ctx: StepContext,
): void {
  switch (request.method) {
    case 'ImageStatus': {
      const found = findImage(state, request.image);
      const response: CriResponses['ImageStatus'] = found ? { image: toImage(found) } : {};
      return reply(ctx, from, requestId, response);
    }
    case 'ListImages': {
      const images = [...state.images.values()].map(toImage);
      return reply(ctx, from, requestId, { images } satisfies CriResponses['ListImages']);
    }
    case 'RemoveImage': {
      const found = findImage(state, request.image);
      if (found) state.images.delete(found.id);
      return reply(ctx, from, requestId, {});
    }
    case 'PullImage': {
      // A reference that does not resolve fails after the registry round trips, with no layers.
      const delay = pullDelayMs(state, request.image.image);
      ctx.note(`pulling ${normalizeImage(request.image.image).full} (${delay} ms)`);
      ctx.setTimer(delay, 'pull', { from, requestId, image: request.image.image });
      return;
    }
  }
}

/** The pull timer: the download finished (or the resolution failed). */
export function finishPull(
  state: ContainerdState,
  data: { from: string; requestId: string; image: string },
  ctx: StepContext,
): void {
  const stored = storeImage(state, data.image);
  if (!stored) {
    const message = pullNotFoundMessage(normalizeImage(data.image));
    return replyError(ctx, data.from, data.requestId, 'NotFound', message);
  }
  const response: CriResponses['PullImage'] = { imageRef: stored.id, imageSize: stored.size };
  reply(ctx, data.from, data.requestId, response);
}
