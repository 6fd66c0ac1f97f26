import { describe, expect, it } from 'vitest';
import { displayablePorts, ellipsis, imagesTable, psTable, truncateId } from './print.ts';

// docker/cli cli/command/formatter: container.go (Command, Ports, RunningFor), image.go,
// formatter.go (tabwriter 10, 1, 3), DisplayablePorts.
describe('docker CLI tables', () => {
  const now = 1_767_258_000_000_000; // 2026-01-01T09:00:00Z in µs
  it('quotes the command after an ellipsis at 20 characters', () => {
    expect(ellipsis("/docker-entrypoint.sh nginx -g 'daemon off;'", 20)).toBe('/docker-entrypoint.…');
    expect(ellipsis('sleep 3600', 20)).toBe('sleep 3600');
    expect(truncateId('sha256:0123456789abcdef')).toBe('0123456789ab');
  });

  it('shows published ports on both families and unpublished EXPOSEs bare', () => {
    expect(displayablePorts([{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }, { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }])).toBe('0.0.0.0:8080->80/tcp, [::]:8080->80/tcp');
    expect(displayablePorts([{ PrivatePort: 80, Type: 'tcp' }])).toBe('80/tcp');
  });

  it('lays docker ps out with minwidth 10 and padding 3', () => {
    const table = psTable([{ Id: 'a'.repeat(64), Names: ['/web'], Image: 'nginx', Command: "/docker-entrypoint.sh nginx -g 'daemon off;'", Created: now / 1_000_000 - 65, Ports: [{ PrivatePort: 80, Type: 'tcp' }], State: 'running', Status: 'Up About a minute' }], now);
    expect(table).toBe(
      'CONTAINER ID   IMAGE     COMMAND                  CREATED              STATUS              PORTS     NAMES\n' +
        'aaaaaaaaaaaa   nginx     "/docker-entrypoint.…"   About a minute ago   Up About a minute   80/tcp    web\n',
    );
    const byId = psTable([{ Id: 'c'.repeat(64), Names: ['/k8s_nginx_web_default_u_0'], Image: `sha256:${'d'.repeat(64)}`, Command: 'nginx', Created: now / 1_000_000 - 65, Ports: [], State: 'running', Status: 'Up About a minute' }], now);
    expect(byId.split('\n')[1]).toMatch(/^c{12} {3}d{12} {3}"nginx"/);
    expect(psTable([], now)).toBe('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n');
  });

  it('lays docker images out with its five columns and decimal sizes', () => {
    const table = imagesTable([{ Id: 'sha256:' + 'b'.repeat(64), RepoTags: ['nginx:latest'], RepoDigests: [], Created: now / 1_000_000 - 14 * 86_400, Size: 72_200_000 }], now);
    expect(table).toBe('REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\nnginx        latest    bbbbbbbbbbbb   2 weeks ago   72.2MB\n');
  });
});
