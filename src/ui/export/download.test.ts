import { describe, expect, it } from 'vitest';
import { exportFileName, formatBytes } from './download.ts';

describe('exportFileName', () => {
  it('names the scenario, not its file', () => {
    expect(exportFileName('hello-deployment.scenario.yaml', 'step-3', '1920x1080', 'png')).toBe('hello-deployment-step-3-1920x1080.png');
    expect(exportFileName('rkt', '0s-0.6s', '1280x720', 'webm')).toBe('rkt-0s-0.6s-1280x720.webm');
  });

  it('keeps only characters every file system takes', () => {
    expect(exportFileName('my scenario/ü', 'steps-1-3', '1280x720', 'gif')).toBe('my-scenario-steps-1-3-1280x720.gif');
    expect(exportFileName('', 'step-1', '1280x720', 'svg')).toBe('kube-anatomy-step-1-1280x720.svg');
  });

  it('prints sizes in B, KiB, MiB', () => {
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual(['512 B', '2.0 KiB', '3.0 MiB']);
  });
});
