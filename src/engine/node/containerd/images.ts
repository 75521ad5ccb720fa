/**
 * The simulated registries: which images exist, how big they are, and how their processes behave.
 * Image references are normalised as containerd's reference parser does (docker.io is the
 * default registry, library/ the default namespace, latest the default tag), and digests are
 * derived from the name so the same image has the same id on every node and every run.
 */
import { hashString } from '../../../shared/index.ts';

export interface ImageInfo {
  /** Compressed size in bytes, what containerd reports as the image size. */
  size: number;
  /** Tags that exist in the registry; any other tag is "not found". */
  tags: readonly string[];
}

/** Repositories the simulated registries hold (fully qualified names). Sizes are of linux/amd64. */
export const KNOWN_IMAGES: Readonly<Record<string, ImageInfo>> = {
  'docker.io/library/nginx': {
    size: 72_099_501,
    tags: ['latest', '1.27', '1.27.0', '1.26', '1.25', 'alpine', '1.27-alpine', 'stable'],
  },
  'docker.io/library/busybox': { size: 2_155_443, tags: ['latest', '1.36', '1.36.1', 'stable'] },
  'docker.io/library/alpine': { size: 3_623_807, tags: ['latest', '3.20', '3.19'] },
  'docker.io/library/redis': { size: 45_007_384, tags: ['latest', '7', '7.2', '7.4', 'alpine'] },
  'docker.io/library/httpd': { size: 58_121_044, tags: ['latest', '2.4', 'alpine'] },
  'docker.io/library/postgres': { size: 153_411_990, tags: ['latest', '16', '15'] },
  'registry.k8s.io/pause': { size: 321_520, tags: ['3.9', '3.10'] },
  'docker.io/kubeviz/sleep': { size: 1_204_224, tags: ['latest', 'v1', 'v2', 'v3'] },
  'docker.io/kubeviz/crashloop': { size: 1_204_736, tags: ['latest', 'v1'] },
  'docker.io/kubeviz/job': { size: 1_205_248, tags: ['latest', 'v1'] },
  'docker.io/kubeviz/web': { size: 8_388_608, tags: ['latest', 'v1', 'v2', 'v3'] },
  // The stress tool the Kubernetes docs use to exceed a memory limit.
  'docker.io/polinux/stress': { size: 4_071_203, tags: ['latest', '1.0.4'] },
};

/** The sandbox image containerd 1.7 is configured with (sandbox_image). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.9';

export interface ImageName {
  /** docker.io/library/nginx */
  repository: string;
  tag: string;
  /** docker.io/library/nginx:1.27 */
  full: string;
}

/** Normalises `nginx`, `nginx:1.27`, `kubeviz/sleep`, `registry.k8s.io/pause:3.9`. */
export function normalizeImage(ref: string): ImageName {
  const at = ref.indexOf('@');
  const withoutDigest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : 'latest';
  const parts = name.split('/');
  const first = parts[0] ?? '';
  const hasRegistry =
    parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = name;
  if (!hasRegistry)
    repository = parts.length === 1 ? `docker.io/library/${name}` : `docker.io/${name}`;
  return { repository, tag, full: `${repository}:${tag}` };
}

/** 64 hex digits derived from a text: a stand-in for a sha256 digest, stable across runs. */
export function fakeSha256(text: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++)
    out += hashString(`${i}:${text}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

export interface ResolvedImage {
  name: ImageName;
  size: number;
  /** sha256:<config digest>, the image id. */
  id: string;
  /** docker.io/library/nginx@sha256:<manifest digest>, what a container's imageID shows. */
  repoDigest: string;
}

/** Resolutions by reference: pure, and a pull or a store of the same image hashes it twice. */
const resolved = new Map<string, ResolvedImage | undefined>();

/**
 * Looks an image up in the registries; undefined when the repository or the tag does not exist.
 * The result is shared between callers: read only.
 */
export function resolveImage(ref: string): ResolvedImage | undefined {
  if (resolved.has(ref)) return resolved.get(ref);
  const image = resolve(ref);
  if (resolved.size >= 10_000) resolved.clear();
  resolved.set(ref, image);
  return image;
}

function resolve(ref: string): ResolvedImage | undefined {
  const name = normalizeImage(ref);
  const info = KNOWN_IMAGES[name.repository];
  if (!info || !info.tags.includes(name.tag)) return undefined;
  return {
    name,
    size: info.size,
    id: `sha256:${fakeSha256(`config ${name.full}`)}`,
    repoDigest: `${name.repository}@sha256:${fakeSha256(`manifest ${name.full}`)}`,
  };
}

/**
 * containerd's error when a reference does not resolve (the registry answers 404 for the
 * manifest), as the CRI plugin wraps it.
 */
export function pullNotFoundMessage(name: ImageName): string {
  return `failed to pull and unpack image "${name.full}": failed to resolve reference "${name.full}": ${name.full}: not found`;
}
