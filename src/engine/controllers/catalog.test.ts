import { describe, expect, it } from 'vitest';
import { CONTROLLERS } from '../cluster/components.ts';
import { CONTROLLER_CATALOG } from './catalog.ts';

describe('controller catalog', () => {
  it('names every controller kube-controller-manager runs, in its order', () => {
    expect(CONTROLLER_CATALOG.map((c) => c.name)).toEqual(CONTROLLERS.map((c) => c.name));
  });
});
