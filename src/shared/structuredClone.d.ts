// The engine compiles without DOM or Node types, but it runs only where structuredClone exists
// (Node 17+, browsers, Web Workers). Checkpoints use it to copy component state.
declare function structuredClone<T>(value: T): T;
