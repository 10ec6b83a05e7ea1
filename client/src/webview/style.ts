/**
 * The startup view's stylesheet, inlined by the host with the page's nonce (the CSP allows no
 * other style). Only VS Code theme variables: the view follows light, dark and high-contrast
 * themes; high contrast adds outlines (`body.vscode-high-contrast*`).
 */
export const STARTUP_VIEW_CSS = `
:root { color-scheme: light dark; --initlens-gate: var(--vscode-charts-orange, var(--vscode-editorWarning-foreground, #cca700)); --initlens-peak: var(--vscode-charts-red, var(--vscode-editorError-foreground, #f14c4c)); }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 12px 24px; }
header h1 { font-size: 1.35em; font-weight: 600; margin: 14px 0 4px; }
header .facts { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
header .facts span + span::before { content: " · "; }
.source { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.empty { color: var(--vscode-descriptionForeground); margin-top: 2em; }
.picture { overflow-x: auto; margin: 8px 0 16px; }
svg.timeline { display: block; max-width: none; font-family: var(--vscode-font-family); }
svg text { fill: var(--vscode-foreground); font-size: 12px; }
svg .phase { fill: var(--vscode-editorWidget-background, var(--vscode-editor-background)); stroke: var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); }
svg .phase-label { font-weight: 600; }
svg .step-label, svg .lane-role, svg .mark-label, svg .status-after, svg .value { fill: var(--vscode-descriptionForeground); font-size: 11px; }
svg .lane-name, svg .row-title { font-weight: 600; }
svg .grid { stroke: var(--vscode-editorIndentGuide-background1, var(--vscode-panel-border, #8884)); stroke-dasharray: 2 3; }
svg .lane-alt { fill: var(--vscode-list-hoverBackground, transparent); opacity: 0.45; }
svg .bar { stroke: none; }
svg .bar-init { fill: var(--vscode-charts-blue); }
svg .bar-sidecar { fill: var(--vscode-charts-purple); }
svg .bar-app { fill: var(--vscode-charts-green); }
svg .exit-mark { stroke: var(--vscode-foreground); stroke-width: 2; }
svg .gate { fill: var(--initlens-gate); stroke: var(--vscode-editor-background); stroke-width: 1; }
svg .gate-label { fill: var(--initlens-gate); font-size: 11px; font-weight: 600; }
svg .status-box { fill: var(--vscode-textCodeBlock-background, var(--vscode-editorWidget-background)); stroke: var(--vscode-editorWidget-border, transparent); }
svg .status { font-family: var(--vscode-editor-font-family); font-size: 10.5px; }
svg .status-after { font-family: var(--vscode-editor-font-family); }
svg .axis { stroke: var(--vscode-descriptionForeground); }
svg .area { opacity: 0.22; }
svg .area-cpu { fill: var(--vscode-charts-blue); }
svg .area-memory { fill: var(--vscode-charts-green); }
svg .step-line { fill: none; stroke-width: 2; }
svg .step-cpu { stroke: var(--vscode-charts-blue); }
svg .step-memory { stroke: var(--vscode-charts-green); }
svg .peak-value, svg .peak-label { fill: var(--initlens-peak); font-weight: 700; }
svg .peak-mark { fill: var(--initlens-peak); }
svg .missing-mark { fill: var(--initlens-peak); stroke: var(--vscode-editor-background); stroke-width: 1; }
svg .missing-label { fill: var(--initlens-peak); font-size: 11px; font-weight: 600; }
svg .missing-bang { fill: var(--vscode-editor-background); font-size: 11px; font-weight: 700; }
td li.missing { color: var(--vscode-errorForeground, var(--initlens-peak)); }
body.vscode-high-contrast svg .bar, body.vscode-high-contrast-light svg .bar,
body.vscode-high-contrast svg .status-box, body.vscode-high-contrast-light svg .status-box,
body.vscode-high-contrast svg .phase, body.vscode-high-contrast-light svg .phase { stroke: var(--vscode-contrastBorder); stroke-width: 1.5; }
body.vscode-high-contrast svg .area, body.vscode-high-contrast-light svg .area { opacity: 0.4; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; color: var(--vscode-descriptionForeground); font-size: 0.9em; margin: 0 0 6px; }
.legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: middle; }
.legend .k-init { background: var(--vscode-charts-blue); }
.legend .k-sidecar { background: var(--vscode-charts-purple); }
.legend .k-app { background: var(--vscode-charts-green); }
.legend .k-gate { background: var(--initlens-gate); transform: rotate(45deg) scale(0.7); }
.legend .k-peak { background: var(--initlens-peak); clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.legend .k-missing { background: var(--initlens-peak); width: 10px; border-radius: 50%; }
body.vscode-high-contrast .legend i, body.vscode-high-contrast-light .legend i { outline: 1px solid var(--vscode-contrastBorder); }
table { border-collapse: collapse; margin: 12px 0 18px; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, #8884)); }
thead th { color: var(--vscode-descriptionForeground); font-weight: 600; }
td ul { margin: 4px 0 0; padding-left: 18px; color: var(--vscode-descriptionForeground); }
code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; border-radius: 3px; }
h3 { font-size: 1.05em; margin: 14px 0 4px; }
button.link { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; padding: 0; font: inherit; }
button.link:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
`;
