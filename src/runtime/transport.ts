/**
 * How the runtime's threads talk, injected so the same sequencer and host code runs across Web
 * Workers in the browser and in one thread (Node tests, and the fallback when Workers cannot
 * start). Receives `In`, sends `Out`.
 */
export interface Endpoint<In, Out> {
  post(message: Out): void;
  listen(handler: (message: In) => void): () => void;
  /** Ends the other side for real (a Worker is terminated). */
  close(): void;
  /** Tells when the other side died outside any message (a Worker's uncaught error). */
  onFailure?(listener: (reason: string) => void): void;
}

/**
 * Two connected endpoints in one thread. Messages arrive on a later microtask, as they would
 * from another thread; `clone` copies them the way postMessage does (tests use it to prove no
 * object is shared by accident).
 */
export function loopbackPair<A, B>(
  options: { clone?: boolean } = {},
): [Endpoint<B, A>, Endpoint<A, B>] {
  const handlers: [Set<(m: B) => void>, Set<(m: A) => void>] = [new Set(), new Set()];
  let closed = false;
  const copy = <T>(m: T): T => (options.clone ? structuredClone(m) : m);
  const left: Endpoint<B, A> = {
    post(message) {
      if (closed) return;
      const m = copy(message);
      queueMicrotask(() => {
        if (!closed) for (const h of handlers[1]) h(m);
      });
    },
    listen(handler) {
      handlers[0].add(handler);
      return () => handlers[0].delete(handler);
    },
    close() {
      closed = true;
    },
  };
  const right: Endpoint<A, B> = {
    post(message) {
      if (closed) return;
      const m = copy(message);
      queueMicrotask(() => {
        if (!closed) for (const h of handlers[0]) h(m);
      });
    },
    listen(handler) {
      handlers[1].add(handler);
      return () => handlers[1].delete(handler);
    },
    close() {
      closed = true;
    },
  };
  return [left, right];
}

/** The parent's side of a Web Worker. */
export function workerEndpoint<In, Out>(worker: Worker): Endpoint<In, Out> {
  return {
    post: (message) => worker.postMessage(message),
    listen(handler) {
      const listener = (event: MessageEvent<In>) => handler(event.data);
      worker.addEventListener('message', listener);
      return () => worker.removeEventListener('message', listener);
    },
    close: () => worker.terminate(),
    onFailure(listener) {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(event.message || 'the worker failed');
      });
      worker.addEventListener('messageerror', () => listener('a message could not be read'));
    },
  };
}

/** What a worker's global scope offers for messaging (DedicatedWorkerGlobalScope). */
export interface WorkerScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** A worker's side of its connection to the parent. */
export function selfEndpoint<In, Out>(scope: WorkerScope): Endpoint<In, Out> {
  return {
    post: (message) => scope.postMessage(message),
    listen(handler) {
      const listener = (event: MessageEvent) => handler(event.data as In);
      scope.addEventListener('message', listener);
      return () => scope.removeEventListener('message', listener);
    },
    close: () => scope.close(),
  };
}
