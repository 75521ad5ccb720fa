import { createContext, useContext } from 'react';
import type { LocalRuntime } from '../runtime/localRuntime.ts';

export const RuntimeContext = createContext<LocalRuntime | undefined>(undefined);

export function useRuntime(): LocalRuntime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('useRuntime outside RuntimeContext');
  return runtime;
}
