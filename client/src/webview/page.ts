/**
 * The startup view's HTML document, as a pure function (no VS Code), so its Content-Security-Policy
 * is tested: nothing may load but the page script and the stylesheet, both carrying the page's
 * nonce; images and fonts only from the extension (`cspSource`) or `data:`; no `<base>`, no form
 * targets, no remote source of any kind. Manifest content never reaches this document: the page
 * script draws it (render.ts, escaped).
 */
import { escapeHtml } from './render';
import { STARTUP_VIEW_CSS } from './style';

export interface PageResources {
  /** A fresh random nonce per page (base64). */
  nonce: string;
  /** `webview.cspSource`: the origin of the extension's local resources. */
  cspSource: string;
  /** `webview.asWebviewUri(dist/startupView.js)`. */
  scriptUri: string;
}

export function startupViewCsp({ nonce, cspSource }: Pick<PageResources, 'nonce' | 'cspSource'>): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export function startupViewHtml(resources: PageResources): string {
  const nonce = escapeHtml(resources.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(startupViewCsp(resources))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Pod startup</title>
<style nonce="${nonce}">${STARTUP_VIEW_CSS}</style>
</head>
<body>
<main id="root"><p class="empty">Loading the startup plan…</p></main>
<script nonce="${nonce}" src="${escapeHtml(resources.scriptUri)}"></script>
</body>
</html>`;
}
