/**
 * The sequencer's side of a runtime connection: waits for `boot`, builds the cluster and its
 * hosts, then hands every command to a Player. The sequencer Web Worker runs this; so does the
 * page itself when Workers cannot start.
 */
import { defaultMachines } from '../engine/index.ts';
import { placementFor } from './placement.ts';
import { Player } from './player.ts';
import type { RuntimeCommand, RuntimeUpdate } from './runtimeProtocol.ts';
import { SequencerService, type HostEndpoint } from './sequencerService.ts';
import type { Endpoint } from './transport.ts';

export function servePlayer(
  endpoint: Endpoint<RuntimeCommand, RuntimeUpdate>,
  spawnHost: (name: string) => HostEndpoint,
): void {
  let player: Player | undefined;
  const early: RuntimeCommand[] = [];
  const clock = {
    now: () => performance.now(),
    schedule: (callback: () => void, ms: number) => void setTimeout(callback, ms),
  };
  const fail = (err: unknown) =>
    endpoint.post({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  endpoint.listen((command) => {
    if (player) {
      player.handle(command).catch(fail);
      return;
    }
    if (command.type !== 'boot') {
      early.push(command);
      return;
    }
    SequencerService.create({
      seed: command.seed,
      placement: placementFor(command.placement, command.pool),
      spawnHost,
      ...(command.nodes ? { cluster: { nodes: defaultMachines(command.nodes) } } : {}),
    })
      .then(async (service) => {
        if (command.warmUpMs) await service.advance(command.warmUpMs);
        player = new Player(service, (update) => endpoint.post(update), clock, {
          speed: command.speed,
        });
        await player.start();
        await player.publish();
        for (const queued of early.splice(0)) await player.handle(queued);
      })
      .catch(fail);
  });
}
