import { describe, expect, it } from 'vitest';
import type { DiagramNode } from './diagramTypes.ts';
import { leftSince, MAX_LEAVING, podBoxes } from './leaving.ts';
import type { PodView } from './model.ts';

const pod = (name: string) => ({ key: `default/${name}`, name }) as PodView;

function layoutWith(pods: string[]): DiagramNode[] {
  const machine = {
    id: 'node:node-1',
    type: 'worker',
    position: { x: 500, y: 100 },
    data: {},
  } as unknown as DiagramNode;
  return [
    machine,
    ...pods.map(
      (name, i) =>
        ({
          id: `pod:default/${name}`,
          type: 'pod',
          parentId: 'node:node-1',
          position: { x: 10, y: 40 + i * 30 },
          width: 120,
          height: 26,
          data: { pod: pod(name) },
        }) as DiagramNode,
    ),
  ];
}

describe('leaving pods', () => {
  it('are the pods drawn before and not now, where they stood on the page', () => {
    const before = podBoxes(layoutWith(['a', 'b', 'c']));
    const after = podBoxes(layoutWith(['a', 'c', 'd']));
    expect(leftSince(before, after)).toEqual([
      { id: 'pod:default/b', x: 510, y: 170, width: 120, height: 26, pod: pod('b') },
    ]);
  });

  it('are none when too many go at once (a jump back, or pods drawn as counts)', () => {
    const many = Array.from({ length: MAX_LEAVING + 1 }, (_, i) => `p${i}`);
    expect(leftSince(podBoxes(layoutWith(many)), podBoxes(layoutWith([])))).toEqual([]);
  });
});
