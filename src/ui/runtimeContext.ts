import { createContext, useContext } from 'react';
import type { RuntimeClient } from '../runtime/runtimeClient.ts';

export const RuntimeContext = createContext<RuntimeClient | undefined>(undefined);

export function useRuntime(): RuntimeClient {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('useRuntime outside RuntimeContext');
  return runtime;
}
