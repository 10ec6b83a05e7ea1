/**
 * What a refactor is: a pure function of the model at the cursor giving plain data (title, kind,
 * edits in file offsets), no LSP types. Every edit comes from the edit layer, which re-reads its
 * result and gives nothing rather than anything else; a refactor whose edit layer refuses is not
 * offered.
 */
import type { KubeVersion } from '../../config/options';
import type { Manifest, YamlDocument } from '../../model/document';
import type { Container, PodSpec } from '../../model/podSpec';
import type { Edit } from '../../model/text';

/** The LSP code action kinds, as plain strings (`CodeActionKind.RefactorRewrite` …). */
export type RefactorKind = 'refactor.rewrite' | 'refactor.move' | 'refactor.extract' | 'refactor.inline';

export interface Refactor {
  /** Which refactor (the file under features/refactors/ that made it). */
  id: string;
  title: string;
  kind: RefactorKind;
  /** Edits in document offsets of `RefactorSite.doc` (the registry moves them to file offsets). */
  edits: Edit[];
}

export interface RefactorOptions {
  kubernetesVersion: KubeVersion;
}

/** A Service defined in the file. */
export interface FileService {
  name: string;
  namespace?: string;
  /** Its first port. */
  port?: number;
  selector?: Record<string, string>;
}

/** A ConfigMap defined in the file: its string data. */
export interface FileConfigMap {
  name: string;
  namespace?: string;
  data: Record<string, string>;
}

/** Where the cursor is: a container of a pod spec (or the pod spec itself), in one document. */
export interface RefactorSite {
  doc: YamlDocument;
  manifest: Manifest;
  pod: PodSpec;
  /** The container whose item holds the cursor, if any. */
  container?: Container;
  /** The cursor, in document offsets. */
  offset: number;
  options: RefactorOptions;
  /** The Services of the file. */
  services: readonly FileService[];
  /** The ConfigMaps of the file. */
  configMaps: readonly FileConfigMap[];
}

export interface RefactorProvider {
  id: string;
  /** The refactors this provider offers at the site (already checked by the edit layer). */
  offer(site: RefactorSite): Refactor[];
}
