import { describe, expect, it } from 'vitest';
import { parseDockerArgs } from './args.ts';

// docker/cli cli/command/container/{run,ps,stop,rm}.go, cli/command/image/pull.go, cobra errors.
describe('docker command lines', () => {
  it('reads run flags up to the image; the rest is the command', () => {
    expect(parseDockerArgs(['run', '-d', '--name', 'web', '-p', '8080:80', 'nginx'])).toEqual({ cmd: 'run', detach: true, name: 'web', publish: ['8080:80'], image: 'nginx', args: [] });
    expect(parseDockerArgs(['run', '--name=b', 'busybox', 'sleep', '-d'])).toEqual({ cmd: 'run', detach: false, name: 'b', publish: [], image: 'busybox', args: ['sleep', '-d'] });
    expect(parseDockerArgs(['container', 'ls', '-a'])).toEqual({ cmd: 'ps', all: true });
  });

  it('parses ps -a, stop, rm -f, pull and images', () => {
    expect(parseDockerArgs(['ps', '-a'])).toEqual({ cmd: 'ps', all: true });
    expect(parseDockerArgs(['stop', '-t', '3', 'a', 'b'])).toEqual({ cmd: 'stop', timeout: 3, targets: ['a', 'b'] });
    expect(parseDockerArgs(['rm', '-f', 'web'])).toEqual({ cmd: 'rm', force: true, targets: ['web'] });
    expect(parseDockerArgs(['image', 'ls'])).toEqual({ cmd: 'images' });
    expect(parseDockerArgs(['pull', 'nginx:1.27'])).toEqual({ cmd: 'pull', image: 'nginx:1.27' });
  });

  it('refuses as the CLI does', () => {
    expect(parseDockerArgs(['stop'])).toMatchObject({ exitCode: 1, error: expect.stringMatching(/^"docker stop" requires at least 1 argument\./) });
    expect(parseDockerArgs(['run'])).toMatchObject({ exitCode: 125 });
    expect(parseDockerArgs(['run', '--bogus', 'nginx'])).toMatchObject({ exitCode: 125, error: "unknown flag: --bogus\nSee 'docker run --help'.\n" });
    expect(parseDockerArgs(['frobnicate'])).toMatchObject({ exitCode: 1, error: "docker: unknown command: docker frobnicate\n\nRun 'docker --help' for more information\n" });
  });
});
