/**
 * The startup plan over the protocol:
 *
 * - `initlens/startupPlan` request: `{textDocument: {uri}, position}` → the plan of the pod at
 *   that position (`StartupPlan`, plain JSON, see `pod/plan.ts`) or null;
 * - `workspace/executeCommand` `initlens.showStartup` with arguments `[uri, {line, character}]`
 *   (what every code lens carries) → the same plan, or null.
 *
 * Both answer from the document's current text (`currentModel.ts`) and the workspace index as it
 * is now (the Services, Secrets, ConfigMaps and PodDisruptionBudgets of the other files).
 */
import type { ExecuteCommandParams, InitializeParams, Position, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { planAt, type StartupWorkspace } from '../features/startup';
import type { KubeVersion } from '../config/options';
import type { FileModel } from '../model/file';
import { SHOW_STARTUP_COMMAND, type StartupPlan, type StartupPlanParams } from '../protocol/index';
import { currentModel, type AnalysisSource } from './currentModel';

/** The commands `workspace/executeCommand` accepts. */
export const SERVER_COMMANDS: readonly string[] = [SHOW_STARTUP_COMMAND];

/**
 * The commands declared in `executeCommandProvider`: all of them, less those the client says it
 * runs itself (`initializationOptions.clientCommands`). VS Code's language client registers every
 * declared command as a VS Code command, which fails when the extension registered it already
 * (the initlens extension runs `initlens.showStartup` to open its startup view). A command left
 * out is still executed when a client sends it.
 */
export function serverCommands(params?: InitializeParams): string[] {
  const own = clientCommands(params);
  return SERVER_COMMANDS.filter((c) => !own.includes(c));
}

/** The commands the client says it runs itself (`initializationOptions.clientCommands`, strings only). */
export function clientCommands(params?: InitializeParams): string[] {
  const init = params?.initializationOptions as { clientCommands?: unknown } | null | undefined;
  const own: unknown = init && typeof init === 'object' ? init.clientCommands : undefined;
  return Array.isArray(own) ? own.filter((c): c is string => typeof c === 'string') : [];
}

/**
 * The parsed model of an open document's current version (`currentModel`), with that version.
 * The workspace remembers its latest parse (and the last analysis), so resolving each of a file's
 * lenses parses nothing again; nothing is kept here (a model kept here would keep documents the
 * workspace has since put in compact form).
 */
export class CurrentModels {
  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: AnalysisSource,
  ) {}

  /** Whether `uri` is open (nothing is parsed). */
  isOpen(uri: string): boolean {
    return this.documents.get(uri) !== undefined;
  }

  /** The model of `uri` as the client has it now, or undefined when it is not open. */
  get(uri: string): { version: number; model: FileModel } | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const model = currentModel(this.documents, this.analyses, uri);
    return model ? { version: document.version, model } : undefined;
  }
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | null | undefined;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
}

/** The target Kubernetes version configured for a document (the plan follows it). */
export type TargetOf = (uri: string) => Promise<KubeVersion>;

/** What the plan of a document reads of the workspace index (undefined before the index is built, or without a workspace folder). */
export type WorkspaceOf = (uri: string) => StartupWorkspace | undefined;

/** Where the plan comes from: the open documents, their target version, the workspace index. */
export interface PlanSources {
  models: CurrentModels;
  targetOf: TargetOf;
  workspaceOf: WorkspaceOf;
}

export async function startupPlanFor(sources: PlanSources, uri: unknown, position: unknown): Promise<StartupPlan | null> {
  if (typeof uri !== 'string' || !isPosition(position)) return null;
  const target = await sources.targetOf(uri);
  const current = sources.models.get(uri);
  return current ? (planAt(current.model, position, target, sources.workspaceOf(uri)) ?? null) : null;
}

/** `initlens/startupPlan` */
export function provideStartupPlan(sources: PlanSources, params: StartupPlanParams | null | undefined): Promise<StartupPlan | null> {
  return startupPlanFor(sources, params?.textDocument?.uri, params?.position);
}

/** `workspace/executeCommand`: `initlens.showStartup [uri, position]` → the plan; any other command → null. */
export async function executeCommand(sources: PlanSources, params: ExecuteCommandParams): Promise<StartupPlan | null> {
  if (params.command !== SHOW_STARTUP_COMMAND) return null;
  const [uri, position] = params.arguments ?? [];
  return startupPlanFor(sources, uri, position);
}
