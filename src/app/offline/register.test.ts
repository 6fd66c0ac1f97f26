import { describe, expect, it, vi } from 'vitest';
import { registerServiceWorker } from './register.ts';

const nav = (register: (url: string) => Promise<unknown>) => ({ serviceWorker: { register } }) as unknown as Pick<Navigator, 'serviceWorker'>;

describe('registerServiceWorker', () => {
  it('skips dev, the single file and file://', () => {
    const register = vi.fn(() => Promise.resolve());
    expect(registerServiceWorker({ prod: false, single: false }, { protocol: 'http:' }, nav(register))).toBe('skipped');
    expect(registerServiceWorker({ prod: true, single: true }, { protocol: 'http:' }, nav(register))).toBe('skipped');
    expect(registerServiceWorker({ prod: true, single: false }, { protocol: 'file:' }, nav(register))).toBe('skipped');
    expect(registerServiceWorker({ prod: true, single: false }, { protocol: 'https:' }, {} as Pick<Navigator, 'serviceWorker'>)).toBe('skipped');
    expect(register).not.toHaveBeenCalled();
  });

  it('registers ./sw.js in the hosted build and warns once when that fails', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const register = vi.fn(() => Promise.reject(new Error('denied')));
    expect(registerServiceWorker({ prod: true, single: false }, { protocol: 'https:' }, nav(register))).toBe('registered');
    expect(register).toHaveBeenCalledWith('./sw.js');
    await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(1));
    expect(warn.mock.calls[0]![0]).toMatch(/sw\.js.*could not be registered.*denied/);
    warn.mockRestore();
  });
});
