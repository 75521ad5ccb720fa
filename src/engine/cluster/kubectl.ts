/**
 * The user's client: what kubectl (or the toolbar, or a lesson) sends through. It keeps every
 * reply and watch event it receives so the UI and tests can read them.
 */
import type { ApiResponsePayload, ApiWatchEventPayload } from '../api/protocol.ts';
import type { Component } from '../sim/component.ts';

export interface KubectlState {
  responses: Map<string, ApiResponsePayload>;
  watchEvents: Map<string, ApiWatchEventPayload[]>;
}

export const kubectl: Component<KubectlState> = {
  type: 'kubectl',
  init: () => ({ responses: new Map(), watchEvents: new Map() }),
  step(state, message) {
    const p = message.payload;
    if (p.kind === 'api.response') state.responses.set(p.inReplyTo, p);
    else if (p.kind === 'api.watch') {
      const list = state.watchEvents.get(p.watchId) ?? [];
      list.push(p);
      state.watchEvents.set(p.watchId, list);
    }
    return state;
  },
};
