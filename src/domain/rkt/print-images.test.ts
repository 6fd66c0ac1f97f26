import { describe, expect, it } from 'vitest';
import { printImageList } from './print-images.ts';
import { byteUnitStr, fingerprintString, progressLine, trustKey } from './print-fetch.ts';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0) * 1000;
const MIB = 1024 * 1024;

describe('rkt image list (rkt/image_list.go)', () => {
  it('prints ID (12 hex), NAME, SIZE, IMPORT TIME, LAST USED in import order', () => {
    const out = printImageList(
      [
        { id: `sha512-e50b77423452${'0'.repeat(52)}`, name: 'coreos.com/rkt/stage1-coreos:1.30.0', sizeBytes: 211 * MIB, importedAt: T0 + 1_000_000, lastUsedAt: T0 + 1_000_000 },
        { id: `sha512-e7a54697d04d${'0'.repeat(52)}`, name: 'coreos.com/etcd:v3.1.7', sizeBytes: 58 * MIB, importedAt: T0, lastUsedAt: T0 },
      ],
      { nowUs: T0 + 43_000_000 },
    );
    expect(out).toBe(
      'ID\t\t\tNAME\t\t\t\t\tSIZE\tIMPORT TIME\tLAST USED\n' +
        'sha512-e7a54697d04d\tcoreos.com/etcd:v3.1.7\t\t\t58MiB\t43 seconds ago\t43 seconds ago\n' +
        'sha512-e50b77423452\tcoreos.com/rkt/stage1-coreos:1.30.0\t211MiB\t42 seconds ago\t42 seconds ago\n',
    );
  });
});

describe('rkt fetch and rkt trust output (rkt/image/io.go, rkt/pubkey/pubkey.go)', () => {
  it("formats sizes like ioprogress (1000-based, 3 digits) and the bar to 80 columns", () => {
    expect(byteUnitStr(473)).toBe('473 B');
    expect(byteUnitStr(14_100_000)).toBe('14.1 MB');
    const line = progressLine('ACI', 14_100_000);
    expect(line).toBe(`Downloading ACI: [${'='.repeat(45)}] 14.1 MB/14.1 MB`);
  });

  it("prints the talk's fingerprint in pubkey.go's grouping", () => {
    expect(fingerprintString('18ad5014c99ef7e3ba5f6ce950bdd3e0fc8a365e')).toBe('18AD 5014 C99E F7E3 BA5F  6CE9 50BD D3E0 FC8A 365E');
  });

  const key = { prefix: 'coreos.com/etcd', location: 'https://coreos.com/dist/pubkeys/aci-pubkeys.gpg', fingerprint: '18ad5014c99ef7e3ba5f6ce950bdd3e0fc8a365e', identity: 'CoreOS Application Signing Key <security@coreos.com>', logPrefix: 'pubkey' };

  it('asks for review; "yes" stores the key under /etc/rkt/trustedkeys/prefix.d', () => {
    const t = trustKey({ ...key, force: false, answer: 'yes\n' });
    expect(t.stdout).toEqual([
      'gpg key fingerprint is: 18AD 5014 C99E F7E3 BA5F  6CE9 50BD D3E0 FC8A 365E',
      '\tCoreOS Application Signing Key <security@coreos.com>',
      'Are you sure you want to trust this key (yes/no)?',
      'Trusting "https://coreos.com/dist/pubkeys/aci-pubkeys.gpg" for prefix "coreos.com/etcd" after fingerprint review.',
      'Added key for prefix "coreos.com/etcd" at "/etc/rkt/trustedkeys/prefix.d/coreos.com/etcd/18ad5014c99ef7e3ba5f6ce950bdd3e0fc8a365e"',
    ]);
  });

  it('without a terminal to ask, says how to trust the key and fails', () => {
    const t = trustKey({ ...key, force: false });
    expect(t.error).toBe('error reviewing key: unable to ask user to review fingerprint due to lack of tty');
    expect(t.stored).toBeUndefined();
    expect(trustKey({ ...key, force: false, answer: 'no\n' }).stderr).toContain('pubkey: not trusting "https://coreos.com/dist/pubkeys/aci-pubkeys.gpg"');
    expect(trustKey({ ...key, force: true }).stdout).toContain('Trusting "https://coreos.com/dist/pubkeys/aci-pubkeys.gpg" for prefix "coreos.com/etcd" without fingerprint review.');
  });
});
