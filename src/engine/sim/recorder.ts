import type { Component } from './component.ts';
import type { Envelope } from './envelope.ts';

/**
 * A component that only remembers what it receives. It stands in for a client in tests (send
 * through `Sequencer.inject` from it, read replies from its inbox) and is the basis of kubectl.
 */
export interface RecorderState {
  inbox: Envelope[];
}

export const recorder: Component<RecorderState> = {
  type: 'recorder',
  init: () => ({ inbox: [] }),
  step(state, message) {
    state.inbox.push(message);
    return state;
  },
};
