/** `textDocument/hover`: the model of the document's current text (currentModel.ts) → features/hover → LSP Hover. */
import type { Hover, HoverParams, InitializeParams } from 'vscode-languageserver/node';
import type { AnalysisOptions } from '../config/options';
import type { FeatureOptions } from '../features/context';
import { hoverAt, type HoverClient } from '../features/hover/index';
import type { FileModel } from '../model/file';
import { toLspRange } from './convert';

export type { HoverClient };
import { clientCommands } from './startupPlan';

/** What the client's hovers may link to: the client commands it declared (`initializationOptions.clientCommands`). */
export function hoverSupport(params?: InitializeParams): HoverClient {
  return { commands: clientCommands(params) };
}

export function provideHover(params: HoverParams, model: FileModel | undefined, options: AnalysisOptions & FeatureOptions, client?: HoverClient): Hover | null {
  if (!model) return null;
  const offset = model.lines.offsetAt(params.position);
  const hover = hoverAt(model, offset, options, client);
  if (!hover) return null;
  return { contents: { kind: 'markdown', value: hover.markdown }, range: toLspRange(model.lines.rangeOf(hover.span)) };
}
