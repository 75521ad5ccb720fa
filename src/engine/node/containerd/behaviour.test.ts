import { describe, expect, it } from 'vitest';
import { behaviourOf } from './behaviour.ts';
import { runExec } from './execSync.ts';

const NGINX = 'docker.io/library/nginx';
const BUSYBOX = 'docker.io/library/busybox';
const sh = (script: string) => behaviourOf(BUSYBOX, ['sh', '-c', script], [], []);

describe('simulated processes', () => {
  it('runs a server image as its server, listening on its port', () => {
    expect(behaviourOf(NGINX, [], [], [])).toMatchObject({ exitAfterMs: null, ports: [80] });
    expect(behaviourOf('docker.io/library/redis', [], [], []).ports).toEqual([6379]);
    expect(behaviourOf('docker.io/library/postgres', [], [], []).ports).toEqual([5432]);
    expect(behaviourOf('docker.io/kubeviz/web', [], [], []).ports).toEqual([8080]);
  });

  it('lets a command replace a server image entrypoint, run by its shell', () => {
    expect(behaviourOf(NGINX, ['sh', '-c', 'exit 1'], [], [])).toMatchObject({
      exitAfterMs: 10,
      exitCode: 1,
      ports: [],
    });
    expect(behaviourOf(NGINX, ['nginx', '-g', 'daemon off;'], [], []).ports).toEqual([80]);
  });

  it('reads busybox sleep suffixes, false, and exit only at the top level', () => {
    expect(sh('sleep 2m').exitAfterMs).toBe(120_000);
    expect(sh('sleep 1h 30s').exitAfterMs).toBe(3_630_000);
    expect(sh('sleep 1; false')).toMatchObject({ exitAfterMs: 1000, exitCode: 1 });
    expect(sh('if [ -f /x ]; then exit 3; fi; sleep 5')).toMatchObject({
      exitAfterMs: 5000,
      exitCode: 0,
    });
    expect(sh('while true; do sleep 1; done').exitAfterMs).toBeNull();
    expect(sh('sleep 1 && exit 4').exitCode).toBe(4);
    expect(sh('false || exit 5').exitCode).toBe(5);
  });

  it('answers exec commands from the files the script creates and removes', () => {
    const b = sh('touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600');
    expect(runExec(b, ['cat', '/tmp/healthy'], 10_000)).toMatchObject({ exitCode: 0 });
    expect(runExec(b, ['cat', '/tmp/healthy'], 31_000)).toMatchObject({
      exitCode: 1,
      stderr: "cat: can't open '/tmp/healthy': No such file or directory\n",
    });
    expect(runExec(b, ['test', '-e', '/tmp/healthy'], 31_000)).toMatchObject({ exitCode: 1 });
    expect(runExec(b, ['sh', '-c', 'exit 2'], 0)).toMatchObject({ exitCode: 2 });
    expect(runExec(b, ['false'], 0)).toMatchObject({ exitCode: 1 });
    const nginx = behaviourOf(NGINX, [], [], []);
    expect(runExec(nginx, ['nginx', '-t'], 0)).toMatchObject({ exitCode: 0 });
    expect(runExec(nginx, ['cat', '/nope'], 0)).toMatchObject({
      exitCode: 1,
      stderr: 'cat: /nope: No such file or directory\n',
    });
  });

  it('gives stress its memory use: workers times --vm-bytes', () => {
    const b = behaviourOf(
      'docker.io/polinux/stress',
      ['stress'],
      ['--vm', '2', '--vm-bytes', '150M'],
      [],
    );
    expect(b.memoryBytes).toBe(2 * 150 * 1024 * 1024);
    expect(
      behaviourOf('docker.io/kubeviz/sleep', [], [], [{ key: 'MEMORY_USAGE', value: '64Mi' }])
        .memoryBytes,
    ).toBe(64 * 1024 * 1024);
  });
});
