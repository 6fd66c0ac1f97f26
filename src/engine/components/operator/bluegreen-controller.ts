import { toRfc3339 } from '../../../base/time.ts';
import {
  BLUEGREEN_GROUP,
  BLUEGREEN_VERSION,
  COLOR_LABEL,
  colorDeployment,
  deploymentAvailable,
  deploymentName,
  otherColor,
  TEMPLATE_HASH_ANNOTATION,
  templateHash,
  type BlueGreenDeployment,
  type Color,
} from '../../../domain/k8s/bluegreen.ts';
import type { Deployment, KubeObject } from '../../../domain/k8s/objects.ts';
import { keyOf, type Informer } from '../../api/informer.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { Controller } from '../controllers/controller.ts';
import { blueGreenMachine } from './bluegreen.machine.ts';

export const BLUEGREEN_CONTROLLER = 'bluegreen-controller';
const RESOURCE_PATH = `/apis/${BLUEGREEN_GROUP}/${BLUEGREEN_VERSION}`;

/**
 * An operator: a custom controller for BlueGreenDeployments (rollouts.example.com/v1alpha1),
 * built on the same informer → workqueue → sync loop as kube-controller-manager's controllers
 * (controller-runtime's Reconciler, in Go). It runs in the cluster under its own service account
 * `bluegreen-system:bluegreen-controller`.
 *
 * For each BlueGreenDeployment it keeps a Deployment per colour (`<name>-blue`, `<name>-green`)
 * and a Service `<name>` whose selector carries the active colour. When spec.template changes it
 * rolls out blue/green:
 * 1. the other colour's Deployment gets the new template at full size (`Normal  DeployingPreview`);
 * 2. it waits until that Deployment's ReplicaSet reports every replica available (it watches
 *    Deployments, whose status the Deployment controller copies from the ReplicaSet);
 * 3. the Service selector moves to the new colour (`Normal  SwitchedTraffic`);
 * 4. the old colour's Deployment is scaled to 0 (`Normal  ScaledDown`).
 * Status: activeColor, previewColor, observedGeneration, and the conditions Available and
 * Progressing, written through the status subresource.
 */
export class BlueGreenController extends Controller {
  private readonly rollouts: Informer;
  private readonly deployments: Informer;
  private readonly services: Informer;
  private readonly machines = new Map<string, MachineInstance<typeof blueGreenMachine>>();

  constructor(sim: Simulation, host: string) {
    super(
      sim,
      BLUEGREEN_CONTROLLER,
      host,
      'Reconcile',
      {
        user: 'system:serviceaccount:bluegreen-system:bluegreen-controller',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:bluegreen-system', 'system:authenticated'],
        userAgent: 'bluegreen-controller/v0.1.0 (linux/amd64)',
      },
      'bluegreen-controller',
    );
    this.rollouts = this.informer(`${RESOURCE_PATH}/bluegreendeployments`, {
      onAdd: (bg, cause) => this.enqueue(keyOf(bg), cause),
      onUpdate: (_old, bg, cause) => this.enqueue(keyOf(bg), cause),
    });
    // Owns(&appsv1.Deployment{}), Owns(&corev1.Service{}): a change of an owned object wakes its owner.
    const owner = {
      onAdd: (o: KubeObject, cause: number) => this.enqueueOwner(o, cause),
      onUpdate: (_old: KubeObject, o: KubeObject, cause: number) => this.enqueueOwner(o, cause),
      onDelete: (o: KubeObject, cause: number) => this.enqueueOwner(o, cause),
    };
    this.deployments = this.informer('/apis/apps/v1/deployments', owner);
    this.services = this.informer('/api/v1/services', owner);
  }

  private enqueueOwner(obj: KubeObject, cause: number): void {
    const ref = obj.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'BlueGreenDeployment');
    if (ref) this.enqueue(`${obj.metadata.namespace ?? 'default'}/${ref.name}`, cause);
  }

  private machineOf(key: string, cause: number): MachineInstance<typeof blueGreenMachine> {
    let m = this.machines.get(key);
    if (!m) {
      m = this.sim.startMachine(blueGreenMachine, { actor: this.id, machine: 'bluegreen-rollout', instance: key }, { cause });
      this.machines.set(key, m);
    }
    return m;
  }

  private now(): string {
    return toRfc3339(this.sim.timeOrigin, this.sim.now);
  }

  protected sync(key: string, cause: number, done: () => void): void {
    const found = this.rollouts.get(key) as BlueGreenDeployment | undefined;
    if (!found || found.metadata.deletionTimestamp) {
      // The garbage collector removes the Deployments and the Service through their ownerReferences.
      done();
      return;
    }
    const bg = structuredClone(found);
    const ns = bg.metadata.namespace ?? 'default';
    const replicas = bg.spec.replicas ?? 1;
    const hash = templateHash(bg.spec.template);
    const active: Color = bg.status?.activeColor ?? bg.spec.activeColor ?? 'blue';
    const preview = otherColor(active);
    const machine = this.machineOf(key, cause);
    const dep = (c: Color): Deployment | undefined => this.deployments.get(`${ns}/${deploymentName(bg, c)}`) as Deployment | undefined;
    const activeDep = dep(active);
    const previewDep = dep(preview);

    // First sync: the active colour's Deployment and the Service.
    if (!activeDep) {
      this.createObject(colorDeployment(bg, active, replicas), cause, bg, (seq) => this.ensureService(bg, active, seq, (s2) => this.writeStatus(bg, { activeColor: active, templateHash: hash }, 'Progressing', s2, done)));
      return;
    }
    const service = this.services.get(`${ns}/${bg.metadata.name ?? ''}`);
    if (!service) {
      this.ensureService(bg, active, cause, (seq) => this.writeStatus(bg, { activeColor: active, templateHash: hash }, 'Progressing', seq, done));
      return;
    }
    const activeHash = activeDep.metadata.annotations?.[TEMPLATE_HASH_ANNOTATION];
    if (activeHash === hash) {
      // In sync: keep the size, and the preview colour at 0.
      if (machine.state === 'deployingPreview') machine.send({ type: 'IN_SYNC' }, cause);
      if ((activeDep.spec.replicas ?? 1) !== replicas) {
        this.patch(`/apis/apps/v1/namespaces/${ns}/deployments/${activeDep.metadata.name ?? ''}`, { spec: { replicas } }, cause, () => done());
        return;
      }
      const available = deploymentAvailable(activeDep, replicas);
      this.writeStatus(bg, { activeColor: active, templateHash: hash }, available ? 'Available' : 'Progressing', cause, done);
      return;
    }
    // A new template: deploy it as the preview colour.
    if (machine.state === 'steady' || machine.state === 'scalingDown') machine.send({ type: 'NEW_TEMPLATE' }, cause);
    if (!previewDep || previewDep.metadata.annotations?.[TEMPLATE_HASH_ANNOTATION] !== hash || (previewDep.spec.replicas ?? 1) !== replicas) {
      const desired = colorDeployment(bg, preview, replicas);
      const then = (seq: number): void => {
        const ev = this.events.event(bg, 'Normal', 'DeployingPreview', `Deploying template ${hash} as ${preview} (Deployment ${desired.metadata.name ?? ''})`, seq);
        this.writeStatus(bg, { activeColor: active, previewColor: preview, templateHash: hash }, 'Progressing', ev, done);
      };
      if (!previewDep) this.createObject(desired, cause, bg, then);
      else this.patch(`/apis/apps/v1/namespaces/${ns}/deployments/${desired.metadata.name ?? ''}`, { metadata: { annotations: desired.metadata.annotations }, spec: { replicas, template: desired.spec.template } }, cause, then);
      return;
    }
    if (!deploymentAvailable(previewDep, replicas)) {
      // Not yet: the Deployment's next status update wakes this key again.
      done();
      return;
    }
    // The preview is available: switch the Service, then scale the old colour down.
    machine.send({ type: 'PREVIEW_AVAILABLE' }, cause);
    const svcPath = `/api/v1/namespaces/${ns}/services/${bg.metadata.name ?? ''}`;
    this.patch(svcPath, { spec: { selector: { ...(bg.spec.selector.matchLabels ?? {}), [COLOR_LABEL]: preview } } }, cause, (seq) => {
      machine.send({ type: 'SERVICE_SWITCHED' }, seq);
      const ev = this.events.event(bg, 'Normal', 'SwitchedTraffic', `Switched Service ${bg.metadata.name ?? ''} from ${active} to ${preview}`, seq);
      this.patch(`/apis/apps/v1/namespaces/${ns}/deployments/${deploymentName(bg, active)}`, { spec: { replicas: 0 } }, ev, (s2) => {
        const ev2 = this.events.event(bg, 'Normal', 'ScaledDown', `Scaled down Deployment ${deploymentName(bg, active)} to 0`, s2);
        machine.send({ type: 'OLD_SCALED_DOWN' }, ev2);
        this.writeStatus(bg, { activeColor: preview, templateHash: hash }, 'Available', ev2, done);
      });
    });
  }

  private createObject(obj: KubeObject, cause: number, bg: BlueGreenDeployment, then: (seq: number) => void): void {
    const ns = obj.metadata.namespace ?? 'default';
    const path = obj.kind === 'Service' ? `/api/v1/namespaces/${ns}/services` : `/apis/apps/v1/namespaces/${ns}/deployments`;
    this.call('POST', path, obj, cause, (res, seq) => {
      if (res.code !== 201) {
        then(this.events.event(bg, 'Warning', 'FailedCreate', `Failed to create ${obj.kind} ${obj.metadata.name ?? ''}: ${(res.body as { message?: string }).message ?? res.code}`, seq));
        return;
      }
      then(this.events.event(bg, 'Normal', obj.kind === 'Service' ? 'CreatedService' : 'CreatedDeployment', `Created ${obj.kind} ${obj.metadata.name ?? ''}`, seq));
    });
  }

  private ensureService(bg: BlueGreenDeployment, color: Color, cause: number, then: (seq: number) => void): void {
    const ns = bg.metadata.namespace ?? 'default';
    const port = bg.spec.service?.port ?? 80;
    const targetPort = bg.spec.service?.targetPort ?? port;
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: bg.metadata.name ?? '',
        namespace: ns,
        ownerReferences: [{ apiVersion: bg.apiVersion, kind: bg.kind, name: bg.metadata.name ?? '', uid: bg.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { selector: { ...(bg.spec.selector.matchLabels ?? {}), [COLOR_LABEL]: color }, ports: [{ protocol: 'TCP', port, targetPort }] },
    } as KubeObject;
    this.createObject(svc, cause, bg, then);
  }

  /** A merge patch (controller-runtime's client.MergeFrom). */
  private patch(path: string, body: unknown, cause: number, then: (seq: number) => void): void {
    this.client.request('PATCH', path, { body, contentType: 'application/merge-patch+json', cause }, (_res, d) => then(d.seq));
  }

  /** PUT …/status with the conditions Available and Progressing, when anything changed. */
  private writeStatus(bg: BlueGreenDeployment, s: { activeColor: Color; previewColor?: Color; templateHash: string }, phase: 'Available' | 'Progressing', cause: number, done: () => void): void {
    const old = bg.status ?? {};
    const now = this.now();
    const cond = (type: string, status: 'True' | 'False', reason: string, message: string): NonNullable<NonNullable<BlueGreenDeployment['status']>['conditions']>[number] => {
      const prev = old.conditions?.find((c) => c.type === type);
      return { type, status, reason, message, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now };
    };
    const conditions = phase === 'Available'
      ? [cond('Available', 'True', 'ActiveColorAvailable', `Service ${bg.metadata.name ?? ''} sends traffic to ${s.activeColor}`), cond('Progressing', 'False', 'RolloutComplete', `template ${s.templateHash} is active`)]
      : [cond('Available', old.activeColor ? 'True' : 'False', old.activeColor ? 'ActiveColorAvailable' : 'NoActiveColor', old.activeColor ? `Service ${bg.metadata.name ?? ''} sends traffic to ${old.activeColor}` : 'no colour is available yet'), cond('Progressing', 'True', s.previewColor ? 'DeployingPreview' : 'DeployingActive', s.previewColor ? `waiting for ${s.previewColor} to be available` : `waiting for ${s.activeColor} to be available`)];
    const status: NonNullable<BlueGreenDeployment['status']> = { activeColor: s.activeColor, ...(s.previewColor ? { previewColor: s.previewColor } : {}), observedGeneration: bg.metadata.generation ?? 1, templateHash: s.templateHash, conditions };
    if (JSON.stringify(status) === JSON.stringify(old)) {
      done();
      return;
    }
    const ns = bg.metadata.namespace ?? 'default';
    this.call('PUT', `${RESOURCE_PATH}/namespaces/${ns}/bluegreendeployments/${bg.metadata.name ?? ''}/status`, { ...bg, status }, cause, () => done());
  }
}
