import { describe, expect, it } from 'vitest';
import { alignRemainingTtl, dropClientLogLines, mapLeaseIds, maskDbSize, sortAttachedKeys } from './normalize.ts';
import { grantedLeaseId, resolvePlaceholders } from './placeholders.ts';
import { txnWordValue } from './sketch.ts';

// Outputs as etcdctl 3.4.23 printed them on this machine.
const out = (stdout: string, stderr = '', exitCode = 0) => ({ exitCode, stdout, stderr });

describe('normalizations of the etcd differential test', () => {
  it('drops only clientv3 zap log lines from stderr', () => {
    const stderr =
      '{"level":"warn","ts":"2026-12-01T19:30:25.227Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"endpoint://client-98c005db-a04b-4213-9e7d-ebd5fcf03b38/127.0.0.1:34000","attempt":0,"error":"rpc error: code = OutOfRange desc = etcdserver: too large lease TTL"}\n' +
      'Error: failed to grant lease (etcdserver: too large lease TTL)\n';
    expect(dropClientLogLines(stderr)).toBe('Error: failed to grant lease (etcdserver: too large lease TTL)\n');
  });

  it('names granted lease ids by first appearance, in hex and JSON decimal, and leaves other ids', () => {
    const cmds = [{ line: 'etcdctl lease grant 60 -w json' }, { line: 'etcdctl lease grant 600' }, { line: 'etcdctl lease timetolive 1234 -w json' }, { line: 'etcdctl endpoint status' }];
    const mapped = mapLeaseIds(cmds, [
      out('{"cluster_id":15361727871177607455,"member_id":12248902185641307362,"revision":3,"raft_term":2,"ID":7846011841132873738,"TTL":60,"Error":""}\n'),
      out('lease 6ce2a233163bc80e granted with TTL(600s)\n'),
      out('{"cluster_id":1,"member_id":2,"revision":6,"raft_term":2,"id":4660,"ttl":-1,"granted-ttl":0,"keys":null}\n'),
      out('http://127.0.0.1:34000, a9fcd7a3efa7ece2, 3.4.23, 20 kB, true, false, 2, 5, 5, \n'),
    ]);
    expect(mapped.map((o) => o.stdout)).toEqual([
      '{"cluster_id":15361727871177607455,"member_id":12248902185641307362,"revision":3,"raft_term":2,"ID":<lease#0>,"TTL":60,"Error":""}\n',
      'lease <lease#1> granted with TTL(600s)\n',
      '{"cluster_id":1,"member_id":2,"revision":6,"raft_term":2,"id":4660,"ttl":-1,"granted-ttl":0,"keys":null}\n',
      'http://127.0.0.1:34000, a9fcd7a3efa7ece2, 3.4.23, 20 kB, true, false, 2, 5, 5, \n',
    ]);
  });

  it('takes remaining TTLs within 2 s as equal, and keeps a larger gap', () => {
    expect(alignRemainingTtl('lease x granted with TTL(60s), remaining(57s)', 'lease x granted with TTL(60s), remaining(59s)')).toBe('lease x granted with TTL(60s), remaining(57s)');
    expect(alignRemainingTtl('{"ttl":57,"granted-ttl":60}', '{"ttl":54,"granted-ttl":60}')).toBe('{"ttl":54,"granted-ttl":60}');
  });

  it('masks the DB size of endpoint status in both formats', () => {
    expect(maskDbSize('http://127.0.0.1:34000, a9fcd7a3efa7ece2, 3.4.23, 33 kB, true, false, 2, 5, 5, \n')).toBe('http://127.0.0.1:34000, a9fcd7a3efa7ece2, 3.4.23, <db-size>, true, false, 2, 5, 5, \n');
    expect(maskDbSize('"version":"3.4.23","dbSize":20480,"leader":1,"raftIndex":5,"raftTerm":2,"raftAppliedIndex":5,"dbSizeInUse":16384}')).toBe(
      '"version":"3.4.23","dbSize":<db-size>,"leader":1,"raftIndex":5,"raftTerm":2,"raftAppliedIndex":5,"dbSizeInUse":<db-size>}',
    );
  });

  it('sorts attached keys, in both formats', () => {
    expect(sortAttachedKeys('remaining(54s), attached keys([b1 b])\n')).toBe('remaining(54s), attached keys([b b1])\n');
    expect(sortAttachedKeys('"keys":["YjE=","Yg=="]}')).toBe('"keys":["Yg==","YjE="]}');
    expect(sortAttachedKeys('"keys":null}')).toBe('"keys":null}');
  });
});

describe('lease placeholders', () => {
  it('reads the granted id in both formats and resolves an ungranted placeholder to 1234', () => {
    expect(grantedLeaseId(out('lease 6ce2a233163bc808 granted with TTL(1s)\n'))).toBe('6ce2a233163bc808');
    expect(grantedLeaseId(out('{"cluster_id":1,"member_id":2,"revision":3,"raft_term":2,"ID":7846011841132873738,"TTL":60,"Error":""}\n'))).toBe('6ce2a233163bc80a');
    expect(grantedLeaseId(out('', 'Error: failed to grant lease (etcdserver: too large lease TTL)\n', 1))).toBeUndefined();
    expect(resolvePlaceholders('etcdctl put a 1 --lease=$LEASE1 $LEASE0 $LEASE99', ['aa', 'bb'])).toBe('etcdctl put a 1 --lease=bb aa 1234');
  });
});

describe('the store sketch', () => {
  it("cuts single-quoted txn values as etcdctl's argify does", () => {
    expect(txnWordValue("'q r'")).toBe('q');
    expect(txnWordValue('"w x"')).toBe('w x');
  });
});
