import { describe, it, expect } from 'vitest';
import { shortOp, middleEllipsis, fitMono } from './opLabel.ts';

describe('shortOp', () => {
  it('keeps the verb and last segment of API paths', () => {
    expect(shortOp('POST /apis/apps/v1/namespaces/default/deployments')).toBe('POST …/deployments');
    expect(shortOp('PATCH /api/v1/namespaces/default/pods/web-1/status')).toBe('PATCH …/status');
    expect(shortOp('GET /healthz')).toBe('GET /healthz');
  });
  it('keeps RPC names whole', () => {
    expect(shortOp('RunPodSandbox')).toBe('RunPodSandbox');
    expect(shortOp('x'.repeat(40), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('middleEllipsis', () => {
  it('keeps both ends', () => {
    expect(middleEllipsis('web-7d4b9c8f6d-x2k4q', 14)).toBe('web-7d…d-x2k4q');
    expect(middleEllipsis('short', 14)).toBe('short');
  });
});

describe('fitMono', () => {
  it('keeps text that fits, squeezes a little overflow, cuts a lot', () => {
    expect(fitMono('idle', 10, 100)).toEqual({ text: 'idle' });
    const squeezed = fitMono('creatingSandbox', 14.5, 120);
    expect(squeezed).toEqual({ text: 'creatingSandbox', textLength: 120 });
    const cut = fitMono('x'.repeat(60), 10, 100);
    expect(cut.text.endsWith('…')).toBe(true);
    expect(cut.textLength).toBeLessThanOrEqual(100);
  });
});
