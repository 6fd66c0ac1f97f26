import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../../trace/jsonl.ts';
import { parseScenario } from '../../scenario/parse.ts';
import { runScenario } from '../../scenario/runner.ts';
import { ScenarioError, type Scenario, type ScenarioStep } from '../../scenario/types.ts';
import { helloScenario } from '../../testing/hello-scenario.ts';

/**
 * etcd-member-stop / etcd-member-start through the scenario runner, against what a real
 * three-member etcd 3.4.23 printed on loopback for the same sequence: the quorum loss errors
 * (etcdserver/v3_server.go, server.go parseProposeCtxErr; etcdctl's 5 s --command-timeout), the
 * status of a member with no leader (maintenance.go Status), and a timed-out write that is
 * committed once a quorum is back.
 */

const example = (): Scenario => parseScenario(readFileSync(new URL('../../../../examples/etcd-raft.scenario.yaml', import.meta.url), 'utf8'), 'etcd-raft.scenario.yaml');

describe('examples/etcd-raft.scenario.yaml', () => {
  const result = runScenario(example());
  const out = (command: string, nth = 0): { exitCode: number; stdout: string; stderr: string; t: number } => {
    const found = result.outputs.filter((o) => o.command === command)[nth];
    if (!found) throw new Error(`no output for ${command}`);
    return found;
  };

  it('writes through the follower etcd-0 while etcd-1 leads term 2, at raft index 9', () => {
    expect(out('etcdctl put greeting hello').stdout).toBe('OK\n');
    expect(out('etcdctl endpoint status -w table').stdout).toContain('| http://127.0.0.1:2379 | b71f75320dc06a6c |  3.4.23 |   20 kB |     false |      false |         2 |          9 |                  9 |        |');
  });

  it('elects a new leader in term 3 after the leader is killed, and writes with 2 of 3', () => {
    expect(out('etcdctl endpoint status -w table', 1).stdout).toContain('|      true |      false |         3 |         10 |                 10 |');
    expect(out('etcdctl put greeting bonjour').stdout).toBe('OK\n');
  });

  it('fails writes without a quorum with the errors etcd and etcdctl print', () => {
    const accepted = out('etcdctl --command-timeout=10s put greeting hola');
    expect(accepted).toMatchObject({ exitCode: 1, stdout: '', stderr: 'Error: etcdserver: request timed out\n' });
    const blocked = out('etcdctl put greeting ciao');
    expect(blocked).toMatchObject({ exitCode: 1, stderr: 'Error: context deadline exceeded\n' });
    // The server's request timeout is 7 s; etcdctl's own deadline is 5 s.
    expect(blocked.t - accepted.t).toBeGreaterThanOrEqual(7_000_000);
    expect(blocked.t - accepted.t).toBeLessThan(7_500_000);
    expect(out('etcdctl endpoint status -w json').stdout).toMatch(/"raftIndex":11,"raftTerm":3,"raftAppliedIndex":11,"errors":\["etcdserver: no leader"\],"dbSizeInUse":16384\}\}\]\n$/);
    expect(out('etcdctl endpoint status -w json').stdout).not.toContain('"leader"');
  });

  it('writes again once a member is back, and the write that timed out turns out to be committed', () => {
    expect(out('etcdctl get greeting').stdout).toBe('greeting\nhola\n');
    expect(out('etcdctl put greeting hallo').stdout).toBe('OK\n');
    expect(out('etcdctl get greeting', 1).stdout).toBe('greeting\nhallo\n');
  });

  it('shows the raft states and messages in the trace', () => {
    const states = result.events.filter((e) => e.kind === 'state' && e.actor === 'etcd/etcd-1').map((e) => e.op);
    expect(states).toEqual(expect.arrayContaining(['follower', 'candidate', 'leader.idle', 'stopped']));
    const ops = new Set(result.events.filter((e) => e.kind === 'message' && e.actor.startsWith('etcd/')).map((e) => e.op));
    for (const op of ['MsgVote', 'MsgVoteResp', 'MsgApp', 'MsgAppResp', 'MsgHeartbeat', 'MsgHeartbeatResp', 'MsgProp']) expect(ops).toContain(op);
  });

  it('gives a byte-identical trace when run twice', () => {
    const again = runScenario(example());
    expect(encodeTrace(again.header, again.events)).toBe(encodeTrace(result.header, result.events));
  });
});

describe('kube-apiserver over a three-member etcd', () => {
  it('produces the hello-deployment result of a single member (examples/hello-deployment.scenario.yaml with members: 3)', () => {
    const hello = (): Scenario => parseScenario(readFileSync(new URL('../../../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8'), 'hello-deployment.scenario.yaml');
    const one = runScenario(hello());
    const scenario = hello();
    const three = runScenario({ ...scenario, cluster: { ...scenario.cluster, etcd: { members: 3 } } });
    expect(three.outputs.map((o) => [o.command, o.exitCode, o.stdout])).toEqual(one.outputs.map((o) => [o.command, o.exitCode, o.stdout]));
    expect(three.settled).toBe(true);
    // The apiserver's writes went through raft: etcd-0 forwarded them to the leader.
    expect(three.events.some((e) => e.kind === 'message' && e.op === 'MsgProp' && e.actor === 'etcd/etcd-0')).toBe(true);
  });
});

describe('fault steps in the runner', () => {
  const steps = (...s: ScenarioStep[]): Scenario => ({ ...helloScenario(), cluster: { controlPlane: 'control-plane', nodes: [], kubernetes: false }, steps: s });

  it('refuses a fault type the engine does not run, with the runner\'s words', () => {
    expect(() => runScenario(steps({ type: 'fault', line: 4, fault: { type: 'meteor' } }))).toThrow(ScenarioError);
    expect(() => runScenario(steps({ type: 'fault', line: 4, fault: { type: 'meteor' } }))).toThrow(
      'hello-deployment.scenario.yaml:4:1: fault "meteor" is not simulated yet in this release (fault injection comes with the explainer)',
    );
  });

  it('stops and starts a single member: its clients time out meanwhile, and it comes back in term 3', () => {
    const r = runScenario(
      steps(
        { type: 'fault', line: 1, fault: { type: 'etcd-member-stop', member: 'etcd-0' } },
        { type: 'run', line: 2, command: 'etcdctl put a 1' },
        { type: 'fault', line: 3, fault: { type: 'etcd-member-start', member: 'etcd-0' } },
        { type: 'run', line: 4, command: 'etcdctl put a 2' },
        { type: 'run', line: 5, command: 'etcdctl endpoint status' },
      ),
    );
    expect(r.outputs[0]).toMatchObject({ exitCode: 1, stderr: 'Error: context deadline exceeded\n' });
    expect(r.outputs[1]).toMatchObject({ exitCode: 0, stdout: 'OK\n' });
    // Restarted alone, the member elects itself in term 3 (its empty entry and its attributes: indexes 5 and 6).
    expect(r.outputs[2]?.stdout).toMatch(/, true, false, 3, 7, 7, \n$/);
  });
});
