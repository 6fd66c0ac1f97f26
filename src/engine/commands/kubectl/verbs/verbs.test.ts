import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../scenario/parse.ts';
import { runScenario, type StepOutput } from '../../../scenario/runner.ts';

/**
 * kubectl's verbs against the simulated cluster, with kubectl 1.34's output and error texts
 * (k8s.io/kubectl/pkg/cmd/{create,replace,delete,scale,set,rollout,label,taint,drain}).
 */

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;

function run(steps: string): StepOutput[] {
  const indented = (text: string): string => text.split('\n').map((l) => `      ${l}`).join('\n');
  const yaml = `seed: 3\nsteps:\n${steps.replace(/\{DEPLOYMENT\}/g, indented(DEPLOYMENT))}`;
  return runScenario(parseScenario(yaml, 'verbs.scenario.yaml')).outputs;
}

const by = (outs: StepOutput[], command: string, nth = 0): StepOutput => outs.filter((o) => o.command === command)[nth] as StepOutput;

describe('kubectl create and replace', () => {
  const outs = run(`  - run: kubectl create -f -
    stdin: |
{DEPLOYMENT}
  - run: kubectl create -f -
    stdin: |
{DEPLOYMENT}
  - run: kubectl create deployment web --image=nginx:1.27
  - run: kubectl create deployment api --image=registry.k8s.io/e2e/agnhost:2.53 --replicas=2 --port=8080
  - run: kubectl create namespace team-a
  - run: kubectl create namespace team-a
`);

  it('creates, then refuses the same name with the server words and the source', () => {
    expect(by(outs, 'kubectl create -f -')).toMatchObject({ exitCode: 0, stdout: 'deployment.apps/web created\n' });
    expect(by(outs, 'kubectl create -f -', 1)).toMatchObject({ exitCode: 1, stderr: 'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "web" already exists\n' });
  });

  it('wraps the error of create deployment, and names containers after the image', () => {
    expect(by(outs, 'kubectl create deployment web --image=nginx:1.27')).toMatchObject({ exitCode: 1, stderr: 'error: failed to create deployment: deployments.apps "web" already exists\n' });
    expect(by(outs, 'kubectl create deployment api --image=registry.k8s.io/e2e/agnhost:2.53 --replicas=2 --port=8080').stdout).toBe('deployment.apps/api created\n');
  });

  it('creates a namespace once', () => {
    expect(by(outs, 'kubectl create namespace team-a').stdout).toBe('namespace/team-a created\n');
    expect(by(outs, 'kubectl create namespace team-a', 1)).toMatchObject({ exitCode: 1, stderr: 'Error from server (AlreadyExists): namespaces "team-a" already exists\n' });
  });
});

describe('kubectl scale, set image, rollout', () => {
  const outs = run(`  - run: kubectl apply -f -
    stdin: |
{DEPLOYMENT}
  - until: settled
  - run: kubectl scale deployment web --replicas=3
  - run: kubectl scale deployment web --replicas=5 --current-replicas=2
  - run: kubectl scale deployment nope --replicas=1
  - until: settled
  - run: kubectl set image deployment/web nginx=nginx:1.28
  - run: kubectl set image deployment/web sidecar=busybox
  - until: settled
  - run: kubectl rollout history deployment/web
  - run: kubectl rollout undo deployment/web
  - until: settled
  - run: kubectl rollout history deployment/web
  - run: kubectl get deployment web -o yaml
  - run: kubectl rollout undo deployment/web --to-revision=7
  - run: kubectl rollout restart deployment/web
  - run: kubectl rollout status deployment/web
`);

  it('scales through the scale subresource, with the precondition checked', () => {
    expect(by(outs, 'kubectl scale deployment web --replicas=3').stdout).toBe('deployment.apps/web scaled\n');
    expect(by(outs, 'kubectl scale deployment web --replicas=5 --current-replicas=2')).toMatchObject({ exitCode: 1, stderr: 'error: Expected replicas to be 2, was 3\n' });
    expect(by(outs, 'kubectl scale deployment nope --replicas=1')).toMatchObject({ exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });

  it('updates an image by container name and refuses an unknown container', () => {
    expect(by(outs, 'kubectl set image deployment/web nginx=nginx:1.28').stdout).toBe('deployment.apps/web image updated\n');
    expect(by(outs, 'kubectl set image deployment/web sidecar=busybox')).toMatchObject({ exitCode: 1, stderr: 'error: unable to find container named "sidecar"\n' });
  });

  it('lists revisions, rolls back to the previous one, which becomes revision 3', () => {
    expect(by(outs, 'kubectl rollout history deployment/web').stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(by(outs, 'kubectl rollout undo deployment/web').stdout).toBe('deployment.apps/web rolled back\n');
    expect(by(outs, 'kubectl rollout history deployment/web', 1).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
    const yaml = by(outs, 'kubectl get deployment web -o yaml').stdout;
    expect(yaml).toContain('image: nginx:1.27');
    expect(yaml).toContain('deployment.kubernetes.io/revision: "3"');
    expect(by(outs, 'kubectl rollout undo deployment/web --to-revision=7')).toMatchObject({ exitCode: 1, stderr: 'error: unable to find specified revision 7 in history\n' });
  });

  it('restarts by stamping the template, and waits for the rollout', () => {
    expect(by(outs, 'kubectl rollout restart deployment/web').stdout).toBe('deployment.apps/web restarted\n');
    const status = by(outs, 'kubectl rollout status deployment/web');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^Waiting for deployment "web" rollout to finish: \d+ out of 3 new replicas have been updated\.\.\.\n/);
    expect(status.stdout.endsWith('deployment "web" successfully rolled out\n')).toBe(true);
  });
});

describe('kubectl label, taint, cordon, delete', () => {
  const outs = run(`  - run: kubectl label nodes node-1 disk=ssd
  - run: kubectl label nodes node-1 disk=hdd
  - run: kubectl label nodes node-1 disk=hdd --overwrite
  - run: kubectl label nodes node-1 disk-
  - run: kubectl taint nodes node-2 dedicated=db:NoSchedule
  - run: kubectl taint nodes node-2 dedicated=db:NoSchedule
  - run: kubectl taint nodes node-2 dedicated:NoSchedule-
  - run: kubectl taint nodes node-2 dedicated:NoSchedule-
  - run: kubectl cordon node-1
  - run: kubectl cordon node-1
  - run: kubectl get nodes
  - run: kubectl uncordon node-1
  - run: kubectl delete deployment nope
`);

  it('labels, refuses to overwrite without --overwrite, and unlabels', () => {
    expect(by(outs, 'kubectl label nodes node-1 disk=ssd').stdout).toBe('node/node-1 labeled\n');
    expect(by(outs, 'kubectl label nodes node-1 disk=hdd')).toMatchObject({ exitCode: 1, stderr: "error: 'disk' already has a value (ssd), and --overwrite is false\n" });
    expect(by(outs, 'kubectl label nodes node-1 disk=hdd --overwrite').stdout).toBe('node/node-1 labeled\n');
    expect(by(outs, 'kubectl label nodes node-1 disk-').stdout).toBe('node/node-1 unlabeled\n');
  });

  it('taints and untaints with taint.go words', () => {
    expect(by(outs, 'kubectl taint nodes node-2 dedicated=db:NoSchedule').stdout).toBe('node/node-2 tainted\n');
    expect(by(outs, 'kubectl taint nodes node-2 dedicated=db:NoSchedule', 1)).toMatchObject({ exitCode: 1, stderr: 'error: node node-2 already has dedicated taint(s) with same effect(s) and --overwrite is false\n' });
    expect(by(outs, 'kubectl taint nodes node-2 dedicated:NoSchedule-').stdout).toBe('node/node-2 untainted\n');
    expect(by(outs, 'kubectl taint nodes node-2 dedicated:NoSchedule-', 1)).toMatchObject({ exitCode: 1, stderr: 'error: taint "dedicated:NoSchedule" not found\n' });
  });

  it('cordons once and shows SchedulingDisabled', () => {
    expect(by(outs, 'kubectl cordon node-1').stdout).toBe('node/node-1 cordoned\n');
    expect(by(outs, 'kubectl cordon node-1', 1).stdout).toBe('node/node-1 already cordoned\n');
    expect(by(outs, 'kubectl get nodes').stdout).toMatch(/node-1\s+Ready,SchedulingDisabled/);
    expect(by(outs, 'kubectl uncordon node-1').stdout).toBe('node/node-1 uncordoned\n');
  });

  it('reports what it cannot delete', () => {
    expect(by(outs, 'kubectl delete deployment nope')).toMatchObject({ exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('kubectl describe', () => {
  const outs = run(`  - run: kubectl apply -f -
    stdin: |
{DEPLOYMENT}
  - until: settled
  - run: kubectl describe deployment web
  - run: kubectl describe pods -l app=web
  - run: kubectl describe node node-1
  - run: kubectl describe deployment nope
`);

  it('lays out a Deployment as describe.go does, one tabwriter block per section', () => {
    const text = by(outs, 'kubectl describe deployment web').stdout;
    expect(text).toMatch(/^Name: {19}web\nNamespace: {14}default\nCreationTimestamp: {6}\w{3}, \d\d \w{3} 2026 \d\d:\d\d:\d\d \+0000\n/);
    expect(text).toContain('Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n');
    expect(text).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\nPod Template:\n  Labels:  app=web\n  Containers:\n   nginx:\n    Image:         nginx:1.27\n');
    expect(text).toContain('Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable\n  Progressing    True    NewReplicaSetAvailable\n');
    expect(text).toMatch(/OldReplicaSets: {2}<none>\nNewReplicaSet: {3}web-\w+ \(2\/2 replicas created\)\nEvents:\n {2}Type {4}Reason {13}Age {3}From {19}Message\n/);
  });

  it('describes each selected pod, separated by two blank lines, with its events', () => {
    const text = by(outs, 'kubectl describe pods -l app=web').stdout;
    expect(text.split('\n\n\nName:')).toHaveLength(2);
    expect(text).toMatch(/IPs:\n {2}IP: {11}10\.244\.\d+\.\d+\nControlled By: {2}ReplicaSet\/web-\w+\n/);
    expect(text).toMatch(/QoS Class: {19}BestEffort\n/);
    expect(text).toMatch(/Normal {2}Scheduled {2}\d+s +default-scheduler {2}Successfully assigned default\/web-/);
  });

  it('describes a node with its pods and allocated resources', () => {
    const text = by(outs, 'kubectl describe node node-1').stdout;
    expect(text).toMatch(/^Name: {15}node-1\nRoles: {14}<none>\n/);
    expect(text).toContain('Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  });

  it('reports a missing object as the server does', () => {
    expect(by(outs, 'kubectl describe deployment nope')).toMatchObject({ exitCode: 1, stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });
});

describe('optimistic concurrency', () => {
  const stale = DEPLOYMENT.replace('  name: web\n', '  name: web\n  resourceVersion: "2"\n').replace('replicas: 2', 'replicas: 4');
  const outs = run(`  - run: kubectl apply -f -
    stdin: |
{DEPLOYMENT}
  - until: settled
  - run: kubectl replace -f -
    stdin: |
${stale.split('\n').map((l) => `      ${l}`).join('\n')}
  - run: kubectl replace -f -
    stdin: |
{DEPLOYMENT}
`);

  it('refuses an update carrying a stale resourceVersion with the Conflict text kubectl prints', () => {
    expect(outs[1]).toMatchObject({
      exitCode: 1,
      stderr: 'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    });
  });

  it('accepts an update without a resourceVersion (an unconditional update)', () => {
    expect(outs[2]).toMatchObject({ exitCode: 0, stdout: 'deployment.apps/web replaced\n' });
  });
});
