import { describe, expect, it } from 'vitest';
import { parseOverlayData } from './snapshots.ts';

// Linux Documentation/filesystems/overlayfs.rst: lowerdir lists the lower layers top first, separated by ':'.
describe('parseOverlayData', () => {
  it('splits overlay\'s options into the lowerdirs (top first), upperdir and workdir', () => {
    expect(parseOverlayData('workdir=/s/3/work,upperdir=/s/3/fs,lowerdir=/s/2/fs:/s/1/fs,index=off')).toEqual({ lowerdirs: ['/s/2/fs', '/s/1/fs'], upperdir: '/s/3/fs', workdir: '/s/3/work' });
  });

  it('leaves out what the data does not have (a read-only overlay has no upperdir)', () => {
    expect(parseOverlayData('lowerdir=/a:/b')).toEqual({ lowerdirs: ['/a', '/b'] });
  });
});
