/**
 * What an analysis is configured with, from editor settings or CLI flags: the target Kubernetes
 * version (parsing and comparison), severities, limits. Below the rules and the engine, so both read it.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface KubeVersion {
  major: number;
  minor: number;
}

/** A workload (`kind`, `name`) that the HorizontalPodAutoscaler `by` scales beyond one replica. */
export interface Autoscaled {
  kind: string;
  name: string;
  by: string;
  /** Set for an HPA of another file (from the workspace index): its namespace and file. */
  namespace?: string;
  file?: string;
}

/** A port of a Service the workspace defines. */
export interface WorkspacePort {
  name?: string;
  port: number;
  /** `targetPort` as written (a number or a port name). */
  targetPort?: string;
}

/** An object of the workspace (./workspace in server/src): what references to it can check. */
export interface WorkspaceObject {
  kind: string;
  namespace: string;
  name: string;
  /** The file it is defined in (a path or URI, as the front end names files) and its 0-based line. */
  file: string;
  line: number;
  /** A Service's ports. */
  ports?: readonly WorkspacePort[];
  /** A Secret's or ConfigMap's keys (`data`, `stringData`, `binaryData`); undefined when it lists none. */
  keys?: readonly string[];
  /** A pod-bearing object's pod template: its labels and the ports its containers declare. */
  pod?: WorkspacePod;
  /** Its name as written, when a kustomize overlay renders it under another (`namePrefix`, `nameSuffix`). */
  original?: string;
  /** A PodDisruptionBudget's budget and selector. */
  pdb?: WorkspacePdb;
}

/** A PodDisruptionBudget: `minAvailable` or `maxUnavailable` as written, and its selector. */
export interface WorkspacePdb {
  minAvailable?: string;
  maxUnavailable?: string;
  /** Undefined when the budget has no selector (it selects no pod); `{}` selects every pod of the namespace. */
  selector?: {
    matchLabels: Readonly<Record<string, string>>;
    matchExpressions: readonly { key: string; operator: string; values: readonly string[] }[];
  };
}

/**
 * How one kustomize build (an overlay no other kustomization includes) renders a file: the
 * transformations of every kustomization on the way from the file up to the overlay, composed.
 */
export interface KustomizeRendering {
  /** The overlay's folder (a path), for messages. */
  root: string;
  /** The namespace the build sets (the outermost `namespace:`): it replaces the manifests' own. */
  namespace?: string;
  /** `namePrefix`es, outermost first, and `nameSuffix`es, innermost first, joined. */
  prefix: string;
  suffix: string;
}

/** The pods a workload makes, as a Service's selector and `targetPort` see them. */
export interface WorkspacePod {
  labels: Readonly<Record<string, string>>;
  ports: readonly { container: string; role: 'init' | 'sidecar' | 'app'; name?: string; port?: number }[];
}

/**
 * A CustomResourceDefinition as custom resources are looked up: its name, group, kind and served
 * versions; ../schema/crd.ts reads the schema of a version from `load()` on first need and
 * caches it by `digest`, group, kind and version.
 */
export interface CrdSource {
  /** The CRD's name (`<plural>.<group>`). */
  name: string;
  group: string;
  kind: string;
  /** The versions it serves, in its order. */
  served: readonly string[];
  /** A digest of the text of the document that defines it (part of the findings' cache key). */
  digest: string;
  /** Where it is defined, when not in the file analysed (a file of the workspace). */
  source?: string;
  /** The CRD as plain data; undefined when it cannot be read any more (its file changed since). */
  load(): unknown;
}

/** The CustomResourceDefinitions of the folders the configuration names (`.initlens.yaml` `crds:`). */
export interface CrdCatalog {
  /** A digest of the CRDs (part of the findings' cache key). */
  key: string;
  /** The folders and files it was read from (absolute): a worker thread of the CLI reads it again from them. */
  paths: readonly string[];
  crd(group: string, kind: string): CrdSource | undefined;
}

/**
 * What the workspace index says, as the rules read it: the objects of a kind in a namespace.
 * Built by the front end (CLI or server) from every file of the workspace, this one included.
 */
export interface WorkspaceFacts {
  /** A digest of everything below: equal keys give equal answers (the server analyses open files again when it changes). */
  key: string;
  /**
   * For each read below, a number that changes whenever its answer changes in anything the rules
   * read of it. Equal stamps, even of two snapshots, mean equal answers: a document's findings
   * outlive a change elsewhere in the workspace that they did not read (../analysis/workspaceReads.ts).
   */
  stamps: WorkspaceStamps;
  /** The objects of `kind` in `namespace` by name; undefined when the workspace defines none there. */
  objects(kind: string, namespace: string): ReadonlyMap<string, WorkspaceObject> | undefined;
  /** The workloads the HorizontalPodAutoscalers of the workspace scale beyond one replica. */
  autoscaled: readonly Autoscaled[];
  /** The pod-bearing objects of a namespace (each with `pod`). */
  pods(namespace: string): Iterable<WorkspaceObject>;
  /** The CustomResourceDefinition of `kind` in `group` defined in the workspace. */
  crd?(group: string, kind: string): CrdSource | undefined;
}

/** The stamps of the answers of `WorkspaceFacts`, read for read (`crd`: of every CRD at once). */
export interface WorkspaceStamps {
  objects(kind: string, namespace: string): number;
  autoscaled: number;
  pods(namespace: string): number;
  crd: number;
}

export interface AnalysisOptions {
  /** The Kubernetes version the manifests target; version-dependent rules follow it. */
  kubernetesVersion: KubeVersion;
  /** Severity per rule id, overriding the rule's default. */
  severities: Record<string, SeveritySetting>;
  /** Whether the `schema` rule runs (also off when its severity is `off`). */
  schema: boolean;
  /**
   * The file is a partial manifest (a kustomize patch, or a kustomize resource whose selector the
   * kustomization adds): fields it leaves out are not demanded.
   */
  partial?: boolean;
  /**
   * Image names (without tag or digest) whose tag the kustomization of the file sets (its
   * `images:` with `newTag` or `digest`): `image-tag-mutable` does not judge them.
   */
  pinnedImages?: readonly string[];
  /**
   * Workloads that a HorizontalPodAutoscaler of the same file scales beyond one replica. Set by
   * `analyzeFile` from every document of the file (./autoscalers.ts), not by callers.
   */
  autoscaled?: readonly Autoscaled[];
  /**
   * The workspace index (every file of the workspace or of the CLI's paths): cross-file rules
   * (`service-not-found`, `config-reference-not-found`) report only when it is set.
   */
  workspace?: WorkspaceFacts;
  /**
   * The CustomResourceDefinitions of the file itself. Set by `analyzeFile` from every document
   * of the file (../schema/crdSources.ts), not by callers.
   */
  crds?: readonly CrdSource[];
  /** The CRDs of the folders `.initlens.yaml` names (`crds:`), after the file's and the workspace's. */
  crdCatalog?: CrdCatalog;
  /**
   * The namespace of the file's manifests that set none: the kustomization's `namespace:` beside
   * it; undefined means `default`.
   */
  namespace?: string;
  /**
   * How the overlays that include the file render it, one entry per distinct rendering (at least
   * one has a name prefix or suffix, or they set different namespaces); undefined when `namespace`
   * says it all. The cross-file rules resolve references in each.
   */
  kustomize?: readonly KustomizeRendering[];
  /**
   * Editor only, not part of the analysis: whether the server offers code lenses
   * (`initlens.codeLens.enable`; undefined means true).
   */
  codeLens?: boolean;
  /**
   * Files larger than this many kilobytes (1024 bytes of UTF-8) are not analysed: one
   * `not-analysed` info says so. Undefined: DEFAULT_MAX_FILE_SIZE_KB; 0: no limit. The editor's
   * `initlens.maxFileSizeKB`; the CLI's `--max-file-size-kb` (default CLI_MAX_FILE_SIZE_KB).
   */
  maxFileSizeKB?: number;
}

/** The editor's default size limit: parsing is synchronous, and a 4 MiB file takes seconds. */
export const DEFAULT_MAX_FILE_SIZE_KB = 4096;
/** The CLI's default size limit (a batch run can afford more). */
export const CLI_MAX_FILE_SIZE_KB = 16384;

/**
 * The default target: the oldest Kubernetes release still supported upstream (1.35, 1.36 and 1.37
 * are; 1.33 reached end of life in June 2026, 1.34 after it). Move it when the next one ends.
 */
export const DEFAULT_KUBERNETES_VERSION: KubeVersion = { major: 1, minor: 35 };

/**
 * The targets the editor setting offers (`initlens.kubernetesVersion`, written into package.json
 * by scripts/sync-manifest.mjs): from 1.16, the oldest `api-version-removed` serves, to 1.37.
 */
export const KUBERNETES_VERSIONS: readonly string[] = Array.from({ length: 37 - 16 + 1 }, (_, i) => `1.${16 + i}`);

export function defaultOptions(): AnalysisOptions {
  return { kubernetesVersion: DEFAULT_KUBERNETES_VERSION, severities: {}, schema: true };
}

/** `1.33`, `v1.33`, `1.33.2` → {1, 33}; anything else → undefined. */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function formatKubeVersion(v: KubeVersion): string {
  return `${v.major}.${v.minor}`;
}

/** True when `v` is at least `major.minor`. */
export function versionAtLeast(v: KubeVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

/** True when the target version is at least `major.minor`. */
export function atLeast(options: AnalysisOptions, major: number, minor: number): boolean {
  return versionAtLeast(options.kubernetesVersion, major, minor);
}

export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(value);
}

/**
 * A stable key: analyses with equal keys give equal findings for equal text, given equal
 * answers from the workspace index (only its presence is in the key: what a document read of it
 * is kept with its findings, ../analysis/workspaceReads.ts).
 */
export function optionsKey(o: AnalysisOptions): string {
  const sev = Object.keys(o.severities)
    .sort()
    .map((k) => `${k}=${o.severities[k]}`)
    .join(',');
  return `${formatKubeVersion(o.kubernetesVersion)}|${o.schema}|${o.partial ? 'partial' : ''}|${sev}|${(o.pinnedImages ?? []).join(',')}|${(o.autoscaled ?? []).map((a) => `${a.kind}/${a.name}<${a.by}@${a.namespace ?? ''}`).join(',')}|${o.namespace ?? ''}|${(o.kustomize ?? []).map((r) => `${r.namespace ?? ''}/${r.prefix}/${r.suffix}`).join(',')}|${o.workspace ? 'workspace' : ''}|${(o.crds ?? []).map((c) => c.digest).join(',')}|${o.crdCatalog?.key ?? ''}`;
}
