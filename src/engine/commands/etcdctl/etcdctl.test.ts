import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenario/runner.ts';
import type { Scenario } from '../../scenario/types.ts';

/**
 * etcdctl against the simulated etcd, through the scenario runner. The expected texts are what
 * Debian's etcdctl 3.4.23 printed against etcd 3.4.23 started with the same flags
 * (tests/real/etcd-differential.test.ts checks many more sequences against the real thing).
 */

const HEADER = '"cluster_id":324952591200643719,"member_id":3319814642761637952';

type Step = string | { run: string; stdin: string } | { wait: number } | { fault: { type: string; member: string } };

function run(steps: Step[]): { command: string; exitCode: number; stdout: string; stderr: string }[] {
  return runWith({ name: 'default', initialAdvertisePeerURLs: ['http://127.0.0.1:23800'], advertiseClientURLs: ['http://127.0.0.1:23790'] }, steps);
}

/** The outputs of the `run` steps (faults and waits give none). */
function runWith(etcd: NonNullable<Scenario['cluster']['etcd']>, steps: Step[], seed = 1): { command: string; exitCode: number; stdout: string; stderr: string }[] {
  const scenario: Scenario = {
    file: 'etcdctl.test',
    seed,
    timeOrigin: '2026-01-01T09:00:00Z',
    cluster: { controlPlane: 'control-plane', nodes: [], kubernetes: false, etcd },
    objects: [],
    steps: steps.map((s, i): Scenario['steps'][number] =>
      typeof s === 'string'
        ? { type: 'run', line: i + 1, command: s }
        : 'wait' in s
          ? { type: 'wait', line: i + 1, duration: s.wait }
          : 'fault' in s
            ? { type: 'fault', line: i + 1, fault: s.fault }
            : { type: 'run', line: i + 1, command: s.run, stdin: s.stdin },
    ),
  };
  return runScenario(scenario).outputs;
}

describe('etcdctl put/get/del', () => {
  const out = run(['etcdctl put a 1', 'etcdctl put a 1 -w json', 'etcdctl get a -w json', 'etcdctl get a --keys-only', 'etcdctl del a --prev-kv', 'etcdctl del a', 'etcdctl get a --rev 100']);

  it('prints OK, and the JSON header with the IDs etcd derives from its flags', () => {
    expect(out[0]).toMatchObject({ exitCode: 0, stdout: 'OK\n' });
    expect(out[1]?.stdout).toBe(`{"header":{${HEADER},"revision":3,"raft_term":2}}\n`);
  });

  it('prints keys and values base64-encoded in JSON, and a blank value line with --keys-only', () => {
    expect(out[2]?.stdout).toBe(`{"header":{${HEADER},"revision":3,"raft_term":2},"kvs":[{"key":"YQ==","create_revision":2,"mod_revision":3,"version":2,"value":"MQ=="}],"count":1}\n`);
    expect(out[3]?.stdout).toBe('a\n\n');
  });

  it('prints the number deleted, then the previous pairs', () => {
    expect(out[4]?.stdout).toBe('1\na\n1\n');
    expect(out[5]?.stdout).toBe('0\n');
  });

  it('fails a read in the future with the server error and exit code 1', () => {
    expect(out[6]).toMatchObject({ exitCode: 1, stdout: '', stderr: 'Error: etcdserver: mvcc: required revision is a future revision\n' });
  });
});

describe('etcdctl txn', () => {
  const out = run([
    'etcdctl put a x',
    { run: 'etcdctl txn', stdin: 'mod("a") = "2"\n\nput a z\nget a\n\nget a\n\n' },
    { run: 'etcdctl txn -w json', stdin: 'mod("a") = "2"\n\nput a y\n\nget a\n\n' },
    { run: 'etcdctl txn', stdin: '\nput d 1\nput d 2\n\n\n' },
    { run: 'etcdctl txn', stdin: 'mod("a") = "2"\n\nput a z\n' },
    { run: 'etcdctl txn', stdin: 'mod(a) = "0"\n\n\n\n' },
    { run: 'etcdctl txn', stdin: 'mod("a") = "x"\n\n\n\n' },
  ]);

  it('prints SUCCESS or FAILURE, then each response after a blank line', () => {
    expect(out[1]).toMatchObject({ exitCode: 0, stdout: 'SUCCESS\n\nOK\n\na\nz\n' });
  });

  it('leaves "succeeded" out of the JSON of a failed txn and wraps responses in Go union structs', () => {
    expect(out[2]?.stdout).toBe(`{"header":{${HEADER},"revision":3,"raft_term":2},"responses":[{"Response":{"ResponseRange":{"header":{"revision":3},"kvs":[{"key":"YQ==","create_revision":2,"mod_revision":3,"version":2,"value":"eg=="}],"count":1}}}]}\n`);
  });

  it('refuses a duplicate key, input cut short, and malformed compares with etcdctl words', () => {
    expect(out[3]).toMatchObject({ exitCode: 1, stderr: 'Error: etcdserver: duplicate key given in txn request\n' });
    expect(out[4]).toMatchObject({ exitCode: 3, stderr: 'Error: EOF\n' });
    expect(out[5]).toMatchObject({ exitCode: 3, stderr: 'Error: malformed comparison: mod(a) = "0"; got mod("")  ""\n' });
    expect(out[6]).toMatchObject({ exitCode: 3, stderr: 'Error: invalid txn compare request: mod("a") = "x"\n' });
  });
});

describe('etcdctl compaction and watch', () => {
  const out = run([
    'etcdctl watch w --prefix --prev-kv',
    'etcdctl watch w --prefix -w json',
    'etcdctl put w1 a',
    'etcdctl put w1 b',
    'etcdctl del w1',
    { run: 'etcdctl txn', stdin: '\nput w2 x\nput w3 y\n\n\n' },
    'etcdctl watch w --prefix --rev 2 -w json',
    'etcdctl compaction 4',
    'etcdctl compaction 4',
    'etcdctl watch w --prefix --rev 3',
    'etcdctl watch w --prefix --rev 3 -w json',
    'etcdctl watch w --prefix --rev 4',
  ]);

  it('prints each event with the previous pair, and a DELETE with an empty value', () => {
    expect(out[0]).toMatchObject({ exitCode: 130, stdout: 'PUT\nw1\na\nPUT\nw1\na\nw1\nb\nDELETE\nw1\nb\nw1\n\nPUT\nw2\nx\nPUT\nw3\ny\n' });
  });

  it('sends one response per transaction to a live watcher, with both events of a two-put txn', () => {
    const lines = (out[1]?.stdout ?? '').trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(`{"Header":{${HEADER},"revision":4,"raft_term":2},"Events":[{"type":1,"kv":{"key":"dzE=","mod_revision":4}}],"CompactRevision":0,"Canceled":false,"Created":false}`);
    expect(lines[3]).toContain('"Events":[{"kv":{"key":"dzI=","create_revision":5,"mod_revision":5,"version":1,"value":"eA=="}},{"kv":{"key":"dzM="');
  });

  it('catches a watcher from an old revision up in one batched response', () => {
    const lines = (out[6]?.stdout ?? '').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).Events).toHaveLength(5);
  });

  it('compacts once, then refuses the same revision', () => {
    expect(out[7]?.stdout).toBe('compacted revision 4\n');
    expect(out[8]).toMatchObject({ exitCode: 1, stderr: 'Error: etcdserver: mvcc: required revision has been compacted\n' });
  });

  it('cancels a watch from below the compaction with exit code 5; from the compact revision it works', () => {
    expect(out[9]).toMatchObject({ exitCode: 5, stdout: '', stderr: 'watch was canceled (etcdserver: mvcc: required revision has been compacted)\nError: watch is canceled by the server\n' });
    expect(out[10]?.stdout).toBe(`{"Header":{${HEADER},"raft_term":2},"Events":[],"CompactRevision":4,"Canceled":true,"Created":false}\n`);
    // The DELETE at 4 was the newest entry of w1 at the compaction: it is gone.
    expect(out[11]?.stdout).toBe('PUT\nw2\nx\nPUT\nw3\ny\n');
  });
});

describe('etcdctl lease and endpoint status', () => {
  const out = run(['etcdctl lease grant 60', 'etcdctl lease grant 1', 'etcdctl lease grant 9000000001', 'etcdctl lease revoke 1234', 'etcdctl lease timetolive 1234', 'etcdctl endpoint status', 'etcdctl endpoint status -w table']);

  it('grants with the minimum TTL and refuses a TTL above the maximum', () => {
    expect(out[0]?.stdout).toMatch(/^lease 2040[0-9a-f]{12} granted with TTL\(60s\)\n$/);
    expect(out[1]?.stdout).toMatch(/granted with TTL\(2s\)/);
    expect(out[2]).toMatchObject({ exitCode: 1, stderr: 'Error: failed to grant lease (etcdserver: too large lease TTL)\n' });
  });

  it('reports an unknown lease as not found on revoke and as expired on timetolive', () => {
    expect(out[3]).toMatchObject({ exitCode: 1, stderr: 'Error: failed to revoke lease (etcdserver: requested lease not found)\n' });
    expect(out[4]).toMatchObject({ exitCode: 0, stdout: 'lease 0000000000001234 already expired\n' });
  });

  it('counts raft entries: four at start, one per write proposal', () => {
    // 3 grants and a revoke: index 8.
    expect(out[5]?.stdout).toBe('http://127.0.0.1:23790, 2e1259d415f2a040, 3.4.23, 20 kB, true, false, 2, 8, 8, \n');
    expect(out[6]?.stdout).toContain('| http://127.0.0.1:23790 | 2e1259d415f2a040 |  3.4.23 |   20 kB |      true |      false |         2 |          8 |                  8 |        |');
  });

  it('deletes the keys of an expired lease in one revision that no client asked for', () => {
    // The lease ID depends only on the member, the start time and the requests before it.
    const id = /lease (\w+) granted/.exec(run(['etcdctl lease grant 5'])[0]?.stdout ?? '')?.[1] as string;
    const o = run(['etcdctl lease grant 5', 'etcdctl watch k --prefix -w json', `etcdctl put k2 v --lease=${id}`, `etcdctl put k1 v --lease=${id}`, { wait: 7_000_000 }, 'etcdctl get k --prefix', `etcdctl lease timetolive ${id}`]);
    const lines = (o[1]?.stdout ?? '').trim().split('\n');
    expect(lines).toHaveLength(3);
    const expiry = JSON.parse(lines[2] as string) as { Events: { type?: number; kv: { key: string; mod_revision: number } }[] };
    expect(expiry.Events.map((e) => [e.type, e.kv.key, e.kv.mod_revision])).toEqual([
      [1, 'azE=', 4],
      [1, 'azI=', 4],
    ]);
    expect(o[4]?.stdout).toBe('');
    expect(o[5]?.stdout).toBe(`lease ${id.padStart(16, '0')} already expired\n`);
  });
});

// What Debian's etcdctl 3.4.23 printed against a real single member started as
// `etcd --name k8ssim-etcd-0 --initial-advertise-peer-urls http://127.0.0.1:23800 --advertise-client-urls http://127.0.0.1:23790 …`
// (ctlv3/command/member_command.go, printer.go makeMemberListTable, printer_json.go).
describe('etcdctl member list', () => {
  const out = runWith({ name: 'k8ssim-etcd-0', initialAdvertisePeerURLs: ['http://127.0.0.1:23800'], advertiseClientURLs: ['http://127.0.0.1:23790'] }, [
    'etcdctl member list',
    'etcdctl member list -w table',
    'etcdctl member list -w json',
    'etcdctl member list --hex -w json',
    'etcdctl member list extra',
    'etcdctl member add x --peer-urls=http://127.0.0.1:9',
  ]);

  it('prints the member ID in hex, started, name, peer and client URLs, and is-learner', () => {
    expect(out[0]).toMatchObject({ exitCode: 0, stdout: '2e1259d415f2a040, started, k8ssim-etcd-0, http://127.0.0.1:23800, http://127.0.0.1:23790, false\n', stderr: '' });
    expect(out[4]?.stdout).toBe(out[0]?.stdout);
  });

  it('draws the table with tablewriter\'s upper-case headers', () => {
    expect(out[1]?.stdout).toBe(
      [
        '+------------------+---------+---------------+------------------------+------------------------+------------+',
        '|        ID        | STATUS  |     NAME      |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
        '+------------------+---------+---------------+------------------------+------------------------+------------+',
        '| 2e1259d415f2a040 | started | k8ssim-etcd-0 | http://127.0.0.1:23800 | http://127.0.0.1:23790 |      false |',
        '+------------------+---------+---------------+------------------------+------------------------+------------+',
        '',
      ].join('\n'),
    );
  });

  it('prints the JSON with a header that has no revision and members with bare 64-bit IDs (--hex changes nothing in 3.4)', () => {
    const json = '{"header":{"cluster_id":324952591200643719,"member_id":3319814642761637952,"raft_term":2},"members":[{"ID":3319814642761637952,"name":"k8ssim-etcd-0","peerURLs":["http://127.0.0.1:23800"],"clientURLs":["http://127.0.0.1:23790"]}]}\n';
    expect(out[2]?.stdout).toBe(json);
    expect(out[3]?.stdout).toBe(json);
  });

  it('still refuses the member commands that change the membership', () => {
    expect(out[5]).toMatchObject({ exitCode: 4, stderr: 'Error: "etcdctl member add" is not simulated yet in this release of kube-anatomy\n' });
  });
});

// A real three-member 3.4.23 cluster on loopback: infra-0..2 on peer ports 23800/33800/43800 and
// client ports 23790/33790/43790 (ep_command.go epStatusCommandFunc, endpointsFromCluster).
describe('etcdctl on a three-member cluster: member list, endpoint status --cluster, ERRORS', () => {
  const THREE = { name: 'infra', initialAdvertisePeerURLs: ['http://127.0.0.1:23800'], advertiseClientURLs: ['http://127.0.0.1:23790'], members: 3 };
  const ROW = { m0: 'http://127.0.0.1:23790, 2e1259d415f2a040, 3.4.23, 20 kB', m1: 'http://127.0.0.1:33790, 80961833613b81b4, 3.4.23, 20 kB', m2: 'http://127.0.0.1:43790, c3b4a3c9c599c3f3, 3.4.23, 20 kB' };
  // With seed 7, etcd-1 wins the first election: etcd-2 (a follower) is stopped, then etcd-1.
  const out = runWith(THREE, [
    'etcdctl member list',
    'etcdctl member list -w json',
    'etcdctl endpoint status --cluster',
    'etcdctl endpoint status --cluster -w json',
    'etcdctl --endpoints http://127.0.0.1:23790,http://127.0.0.1:33790 endpoint status',
    'etcdctl --endpoints http://127.0.0.1:43790 member list -w json',
    { fault: { type: 'etcd-member-stop', member: 'etcd-2' } },
    'etcdctl endpoint status --cluster',
    { fault: { type: 'etcd-member-stop', member: 'etcd-1' } },
    { wait: 4_000_000 },
    'etcdctl endpoint status -w table',
    'etcdctl endpoint status',
    'etcdctl endpoint status -w json',
    'etcdctl member list',
    'etcdctl --endpoints http://127.0.0.1:9,http://127.0.0.1:23790 endpoint status',
  ], 7);

  it('lists the three members sorted by ID, with the IDs their peer URLs give', () => {
    expect(out[0]?.stdout).toBe(
      [
        '2e1259d415f2a040, started, infra-0, http://127.0.0.1:23800, http://127.0.0.1:23790, false',
        '80961833613b81b4, started, infra-1, http://127.0.0.1:33800, http://127.0.0.1:33790, false',
        'c3b4a3c9c599c3f3, started, infra-2, http://127.0.0.1:43800, http://127.0.0.1:43790, false',
        '',
      ].join('\n'),
    );
    expect(out[1]?.stdout).toBe(
      '{"header":{"cluster_id":17182159442797675885,"member_id":3319814642761637952,"raft_term":2},"members":[' +
        '{"ID":3319814642761637952,"name":"infra-0","peerURLs":["http://127.0.0.1:23800"],"clientURLs":["http://127.0.0.1:23790"]},' +
        '{"ID":9265619892315062708,"name":"infra-1","peerURLs":["http://127.0.0.1:33800"],"clientURLs":["http://127.0.0.1:33790"]},' +
        '{"ID":14102076420202808307,"name":"infra-2","peerURLs":["http://127.0.0.1:43800"],"clientURLs":["http://127.0.0.1:43790"]}]}\n',
    );
  });

  it('asks every member for its status with --cluster, one row each, and each --endpoints entry without it', () => {
    expect(out[2]).toMatchObject({ exitCode: 0, stdout: `${ROW.m0}, false, false, 2, 8, 8, \n${ROW.m1}, true, false, 2, 8, 8, \n${ROW.m2}, false, false, 2, 8, 8, \n`, stderr: '' });
    const statuses = JSON.parse(out[3]?.stdout.replace(/":(\d{16,})/g, '":"$1"') ?? '') as { Endpoint: string; Status: { header: { member_id: string }; leader: string } }[];
    expect(statuses.map((s) => [s.Endpoint, s.Status.header.member_id, s.Status.leader])).toEqual([
      ['http://127.0.0.1:23790', '3319814642761637952', '9265619892315062708'],
      ['http://127.0.0.1:33790', '9265619892315062708', '9265619892315062708'],
      ['http://127.0.0.1:43790', '14102076420202808307', '9265619892315062708'],
    ]);
    expect(out[4]?.stdout).toBe(`${ROW.m0}, false, false, 2, 8, 8, \n${ROW.m1}, true, false, 2, 8, 8, \n`);
  });

  it('talks to the member its endpoint names', () => {
    expect(out[5]?.stdout).toMatch(/^\{"header":\{"cluster_id":17182159442797675885,"member_id":14102076420202808307,"raft_term":2\},"members":\[/);
  });

  // Outputs of run steps only: the faults and the wait give none.
  it('says which endpoint failed on stderr, prints the others, and exits 1', () => {
    expect(out[6]).toMatchObject({ exitCode: 1, stdout: `${ROW.m0}, false, false, 2, 8, 8, \n${ROW.m1}, true, false, 2, 8, 8, \n`, stderr: 'Failed to get the status of endpoint http://127.0.0.1:43790 (context deadline exceeded)\n' });
    expect(out[11]).toMatchObject({ exitCode: 1, stdout: `${ROW.m0}, false, false, 2, 8, 8, etcdserver: no leader\n`, stderr: 'Failed to get the status of endpoint http://127.0.0.1:9 (context deadline exceeded)\n' });
  });

  it('shows "etcdserver: no leader" in the ERRORS column of a member that lost its quorum', () => {
    expect(out[7]?.stdout).toBe(
      [
        '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+-----------------------+',
        '|        ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |        ERRORS         |',
        '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+-----------------------+',
        '| http://127.0.0.1:23790 | 2e1259d415f2a040 |  3.4.23 |   20 kB |     false |      false |         2 |          8 |                  8 | etcdserver: no leader |',
        '+------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+-----------------------+',
        '',
      ].join('\n'),
    );
    expect(out[8]?.stdout).toBe(`${ROW.m0}, false, false, 2, 8, 8, etcdserver: no leader\n`);
    expect(out[9]?.stdout).toBe(
      '[{"Endpoint":"http://127.0.0.1:23790","Status":{"header":{"cluster_id":17182159442797675885,"member_id":3319814642761637952,"revision":1,"raft_term":2},"version":"3.4.23","dbSize":20480,"raftIndex":8,"raftTerm":2,"raftAppliedIndex":8,"errors":["etcdserver: no leader"],"dbSizeInUse":16384}}]\n',
    );
  });

  it('lists the members without a quorum: the member list is served from the member\'s own copy in 3.4', () => {
    expect(out[10]).toMatchObject({ exitCode: 0, stdout: out[0]?.stdout });
  });
});

describe('etcdctl command line', () => {
  const out = run(['etcdctl foo', 'etcdctl get', 'etcdctl get a --bogus', 'etcdctl get a -w yaml', 'etcdctl put a 1 --lease=zz', 'etcdctl compaction abc', 'etcdctl watch']);

  it('words cobra and etcdctl errors as they do, with their exit codes', () => {
    expect(out[0]).toMatchObject({ exitCode: 1, stderr: 'Error: unknown command "foo" for "etcdctl"\nRun \'etcdctl --help\' for usage.\nError: unknown command "foo" for "etcdctl"\n' });
    expect(out[1]).toMatchObject({ exitCode: 128, stderr: 'Error: get command needs one argument as key and an optional argument as range_end\n' });
    expect(out[2]).toMatchObject({ exitCode: 1, stderr: 'Error: unknown flag: --bogus\n\nError: unknown flag: --bogus\n' });
    expect(out[3]).toMatchObject({ exitCode: 4, stderr: 'Error: unsupported output format\n' });
    expect(out[4]).toMatchObject({ exitCode: 128, stderr: 'Error: bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex\n' });
    expect(out[5]).toMatchObject({ exitCode: 1, stderr: 'Error: strconv.ParseInt: parsing "abc": invalid syntax\n' });
    expect(out[6]).toMatchObject({ exitCode: 128, stderr: 'Error: bad number of arguments\n' });
  });
});

describe('etcd-only scenario', () => {
  it('gives a byte-identical trace for the same commands', () => {
    const text = (): string => {
      const scenario: Scenario = {
        file: 'det',
        seed: 3,
        timeOrigin: '2026-01-01T09:00:00Z',
        cluster: { controlPlane: 'control-plane', nodes: [], kubernetes: false },
        objects: [],
        steps: [
          { type: 'run', line: 1, command: 'etcdctl watch a --prefix' },
          { type: 'run', line: 2, command: 'etcdctl lease grant 3' },
          { type: 'run', line: 3, command: 'etcdctl put a1 x' },
          { type: 'wait', line: 4, duration: 5_000_000 },
          { type: 'run', line: 5, command: 'etcdctl compaction 2' },
        ],
      };
      return runScenario(scenario).events.map((e) => JSON.stringify(e)).join('\n');
    };
    expect(text()).toBe(text());
  });
});

// Found by tests/real/etcd-differential.test.ts against etcd 3.4.23.
describe('etcdctl quirks the real one has', () => {
  it("cuts a single-quoted value in a txn request by the line's word count (argify)", () => {
    const out = run([{ run: 'etcdctl txn', stdin: "\nput a1 'q r'\n\n\n" }, 'etcdctl get a1', { run: 'etcdctl txn', stdin: "\nput k 'a' b c\n\n\n" }]);
    expect(out[1]?.stdout).toBe('a1\nq\n');
    expect(out[2]).toMatchObject({ exitCode: 2, stderr: 'panic: runtime error: slice bounds out of range [:4] with length 3\n\ngoroutine 1 [running]:\n' });
  });

  it('keeps a watch from a future revision waiting for that revision', () => {
    const out = run(['etcdctl watch a --rev=4 -w json', 'etcdctl put a 1', 'etcdctl put a 2', 'etcdctl put a 3', "etcdctl put a ''"]);
    const revisions = (out[0]?.stdout ?? '').trim().split('\n').map((l) => (JSON.parse(l) as { Header: { revision: number } }).Header.revision);
    expect(revisions).toEqual([4, 5]);
  });
});
