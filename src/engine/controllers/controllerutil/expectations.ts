/**
 * ControllerExpectations and UIDTrackingControllerExpectations (pkg/controller/controller_utils.go,
 * v1.30) as plain data: per controller key, how many creations and deletions it still expects to
 * observe through its informer. A key with unmet expectations is not synced, so a controller
 * whose cache lags behind its own writes never creates or deletes twice. Expectations expire
 * after 5 minutes, in case a watch event was lost.
 */

/** ExpectationsTimeout. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

export interface ControlleeExpectations {
  add: number;
  del: number;
  /** Virtual time the expectations were set (ms). */
  timestamp: number;
}

export interface ControllerExpectations {
  byKey: Record<string, ControlleeExpectations>;
  /** The pod keys (namespace/name) each controller expects to see deleted. */
  deleteKeys: Record<string, string[]>;
}

export function newControllerExpectations(): ControllerExpectations {
  return { byKey: {}, deleteKeys: {} };
}

export function getExpectations(
  e: ControllerExpectations,
  key: string,
): ControlleeExpectations | undefined {
  return e.byKey[key];
}

function fulfilled(exp: ControlleeExpectations): boolean {
  return exp.add <= 0 && exp.del <= 0;
}

/**
 * SatisfiedExpectations: true when the controller may sync: no expectations recorded, all of
 * them observed, or recorded more than ExpectationsTimeout ago.
 */
export function satisfiedExpectations(
  e: ControllerExpectations,
  key: string,
  now: number,
): boolean {
  const exp = e.byKey[key];
  if (!exp) return true;
  if (fulfilled(exp)) return true;
  return now - exp.timestamp > EXPECTATIONS_TIMEOUT_MS;
}

/** SetExpectations: replaces whatever was expected. */
export function setExpectations(
  e: ControllerExpectations,
  key: string,
  add: number,
  del: number,
  now: number,
): void {
  e.byKey[key] = { add, del, timestamp: now };
}

export function expectCreations(e: ControllerExpectations, key: string, adds: number, now: number) {
  setExpectations(e, key, adds, 0, now);
}

/** ExpectDeletions (UID-tracking): remembers which pods are expected to go. */
export function expectDeletions(
  e: ControllerExpectations,
  key: string,
  podKeys: readonly string[],
  now: number,
): void {
  const unique = [...new Set(podKeys)];
  e.deleteKeys[key] = unique;
  setExpectations(e, key, 0, unique.length, now);
}

/** LowerExpectations. */
export function lowerExpectations(
  e: ControllerExpectations,
  key: string,
  add: number,
  del: number,
) {
  const exp = e.byKey[key];
  if (!exp) return;
  exp.add -= add;
  exp.del -= del;
}

/** CreationObserved. */
export function creationObserved(e: ControllerExpectations, key: string): void {
  lowerExpectations(e, key, 1, 0);
}

/**
 * DeletionObserved (UID-tracking): counts a deletion only for a pod it was waiting for, and only
 * once, whether it is seen as a deletionTimestamp update or as the final delete.
 */
export function deletionObserved(e: ControllerExpectations, key: string, podKey: string): void {
  const keys = e.deleteKeys[key];
  if (!keys) return;
  const i = keys.indexOf(podKey);
  if (i < 0) return;
  keys.splice(i, 1);
  lowerExpectations(e, key, 0, 1);
}

/** DeleteExpectations. */
export function deleteExpectations(e: ControllerExpectations, key: string): void {
  delete e.byKey[key];
  delete e.deleteKeys[key];
}
