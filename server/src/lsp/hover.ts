/** `textDocument/hover`: the model of the document's current text (currentModel.ts) → features/hover → LSP Hover. */
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { AnalysisOptions } from '../config/options';
import type { FeatureOptions } from '../features/context';
import { hoverAt } from '../features/hover/index';
import type { FileModel } from '../model/file';
import { toLspRange } from './convert';

export function provideHover(params: HoverParams, model: FileModel | undefined, options: AnalysisOptions & FeatureOptions): Hover | null {
  if (!model) return null;
  const offset = model.lines.offsetAt(params.position);
  const hover = hoverAt(model, offset, options);
  if (!hover) return null;
  return { contents: { kind: 'markdown', value: hover.markdown }, range: toLspRange(model.lines.rangeOf(hover.span)) };
}
