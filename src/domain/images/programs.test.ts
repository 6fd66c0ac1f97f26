import { describe, expect, it } from 'vitest';
import { imagePrograms, lookPath } from './programs.ts';

describe('image programs and LookPath (runc libcontainer/standard_init_linux.go exec.LookPath, the images\' Dockerfiles)', () => {
  it('knows what busybox and nginx have', () => {
    const busybox = imagePrograms('busybox:1.36');
    expect(busybox?.userland).toBe('busybox');
    expect(busybox?.defaultArgv).toEqual(['sh']);
    expect(imagePrograms('docker.io/library/nginx:1.27')?.defaultArgv).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(imagePrograms('quay.io/someone/app:1')).toBeUndefined();
  });

  it('finds a program on $PATH or at its path, with runc\'s errors otherwise', () => {
    const busybox = imagePrograms('busybox:1.36')!;
    expect(lookPath(busybox, 'sleep')).toEqual({ name: 'sleep' });
    expect(lookPath(busybox, '/bin/sh')).toEqual({ name: 'sh' });
    expect(lookPath(busybox, 'bash')).toEqual({ error: 'exec: "bash": executable file not found in $PATH' });
    expect(lookPath(busybox, '/bin/bash')).toEqual({ error: 'exec: "/bin/bash": stat /bin/bash: no such file or directory' });
    expect(lookPath(imagePrograms('nginx:1.27')!, '/usr/sbin/nginx')).toEqual({ name: 'nginx' });
  });
});
