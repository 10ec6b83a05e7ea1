/**
 * Links to the Kubernetes API reference for a schema definition (a link in hover text, never a
 * network call).
 *
 * Decision: the generated schema names definitions `<Group><Version><Type>` (`CoreV1Container`,
 * `AppsV1DeploymentSpec`, `MetaV1ObjectMeta`). Types that have their own section in the curated
 * reference (https://kubernetes.io/docs/reference/kubernetes-api/, one page per resource, anchors
 * are the type names: `workload-resources/pod-v1/#Container`) link there; every other type — and
 * every non-current version — links to the generated single-page reference of the configured
 * target version, whose anchors are `<type>-<version>-<group>` in lowercase, with the group's dots
 * as dashes (`#volumemount-v1-core`, `#ingress-v1-networking-k8s-io`).
 */
import type { KubeVersion } from '../config/options';

export interface ApiReferenceLink {
  /** The type linked, e.g. `Container (core/v1)`. */
  title: string;
  url: string;
}

const CURATED_BASE = 'https://kubernetes.io/docs/reference/kubernetes-api/';

/** Curated pages by `<group>/<version>` and type; the anchor is the type name. */
const CURATED: Record<string, Record<string, string>> = {
  'core/v1': {
    Pod: 'workload-resources/pod-v1/',
    PodSpec: 'workload-resources/pod-v1/',
    Container: 'workload-resources/pod-v1/',
    EphemeralContainer: 'workload-resources/pod-v1/',
    LifecycleHandler: 'workload-resources/pod-v1/',
    NodeAffinity: 'workload-resources/pod-v1/',
    PodAffinity: 'workload-resources/pod-v1/',
    PodAntiAffinity: 'workload-resources/pod-v1/',
    Probe: 'workload-resources/pod-v1/',
    PodStatus: 'workload-resources/pod-v1/',
    PodTemplate: 'workload-resources/pod-template-v1/',
    PodTemplateSpec: 'workload-resources/pod-template-v1/',
    ReplicationController: 'workload-resources/replication-controller-v1/',
    ReplicationControllerSpec: 'workload-resources/replication-controller-v1/',
    ReplicationControllerStatus: 'workload-resources/replication-controller-v1/',
    Volume: 'config-and-storage-resources/volume/',
    Service: 'service-resources/service-v1/',
    ServiceSpec: 'service-resources/service-v1/',
    ServiceStatus: 'service-resources/service-v1/',
    ConfigMap: 'config-and-storage-resources/config-map-v1/',
    Secret: 'config-and-storage-resources/secret-v1/',
    PersistentVolumeClaim: 'config-and-storage-resources/persistent-volume-claim-v1/',
    PersistentVolumeClaimSpec: 'config-and-storage-resources/persistent-volume-claim-v1/',
    PersistentVolumeClaimStatus: 'config-and-storage-resources/persistent-volume-claim-v1/',
  },
  'apps/v1': {
    Deployment: 'workload-resources/deployment-v1/',
    DeploymentSpec: 'workload-resources/deployment-v1/',
    DeploymentStatus: 'workload-resources/deployment-v1/',
    ReplicaSet: 'workload-resources/replica-set-v1/',
    ReplicaSetSpec: 'workload-resources/replica-set-v1/',
    ReplicaSetStatus: 'workload-resources/replica-set-v1/',
    StatefulSet: 'workload-resources/stateful-set-v1/',
    StatefulSetSpec: 'workload-resources/stateful-set-v1/',
    StatefulSetStatus: 'workload-resources/stateful-set-v1/',
    DaemonSet: 'workload-resources/daemon-set-v1/',
    DaemonSetSpec: 'workload-resources/daemon-set-v1/',
    DaemonSetStatus: 'workload-resources/daemon-set-v1/',
  },
  'batch/v1': {
    Job: 'workload-resources/job-v1/',
    JobSpec: 'workload-resources/job-v1/',
    JobStatus: 'workload-resources/job-v1/',
    CronJob: 'workload-resources/cron-job-v1/',
    CronJobSpec: 'workload-resources/cron-job-v1/',
    CronJobStatus: 'workload-resources/cron-job-v1/',
  },
  'meta/v1': {
    ObjectMeta: 'common-definitions/object-meta/',
    LabelSelector: 'common-definitions/label-selector/',
  },
};

/** Definition-name group prefix → API group as the generated reference spells it (dots → dashes). */
const GROUPS: Record<string, string> = {
  Core: 'core',
  Meta: 'meta',
  Apps: 'apps',
  Batch: 'batch',
  Autoscaling: 'autoscaling',
  Policy: 'policy',
  Extensions: 'extensions',
  Networking: 'networking.k8s.io',
  Rbac: 'rbac.authorization.k8s.io',
  Storage: 'storage.k8s.io',
  Scheduling: 'scheduling.k8s.io',
  Node: 'node.k8s.io',
  Coordination: 'coordination.k8s.io',
  Discovery: 'discovery.k8s.io',
  Events: 'events.k8s.io',
  Certificates: 'certificates.k8s.io',
  Admissionregistration: 'admissionregistration.k8s.io',
  Authentication: 'authentication.k8s.io',
  Authorization: 'authorization.k8s.io',
  Flowcontrol: 'flowcontrol.apiserver.k8s.io',
  Resource: 'resource.k8s.io',
  ApiextensionsApiserverPkgApisApiextensions: 'apiextensions.k8s.io',
  KubeAggregatorPkgApisApiregistration: 'apiregistration.k8s.io',
};

export interface DefinitionName {
  /** API group, `core` for the legacy group, `meta` for apimachinery's meta types. */
  group: string;
  version: string;
  type: string;
}

/** `AppsV1DeploymentSpec` → {group: 'apps', version: 'v1', type: 'DeploymentSpec'}. */
export function parseDefinitionName(definition: string): DefinitionName | undefined {
  const m = /^([A-Z][A-Za-z]*?)(V\d+(?:(?:alpha|beta)\d+)?)([A-Z]\w*)$/.exec(definition);
  if (!m) return undefined;
  const group = GROUPS[m[1]];
  if (!group) return undefined;
  return { group, version: m[2].toLowerCase(), type: m[3] };
}

/** `apps/v1` → apps, v1; `v1` → core, v1. */
function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: 'core', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function generatedReferenceUrl(name: DefinitionName, target: KubeVersion): string {
  const anchor = `${name.type}-${name.version}-${name.group.replace(/\./g, '-')}`.toLowerCase();
  return `https://kubernetes.io/docs/reference/generated/kubernetes-api/v${target.major}.${target.minor}/#${anchor}`;
}

export function referenceFor(name: DefinitionName, target: KubeVersion): ApiReferenceLink {
  const title = `${name.type} (${name.group}/${name.version})`;
  const page = CURATED[`${name.group}/${name.version}`]?.[name.type];
  return { title, url: page ? `${CURATED_BASE}${page}#${name.type}` : generatedReferenceUrl(name, target) };
}

/**
 * The reference for a schema definition (`CoreV1Container`), or — with no definition — for the
 * kind itself (the manifest root's fields: `apiVersion`, `metadata`, `spec`).
 */
export function apiReference(definition: string | undefined, apiVersion: string, kind: string, target: KubeVersion): ApiReferenceLink | undefined {
  if (definition) {
    const name = parseDefinitionName(definition);
    return name ? referenceFor(name, target) : undefined;
  }
  const { group, version } = splitApiVersion(apiVersion);
  return referenceFor({ group, version, type: kind }, target);
}
