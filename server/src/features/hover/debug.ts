/**
 * The "Debug" section of the hover on a container's name: the `kubectl` commands for that
 * container (`debugCommands.ts`) as a shell code block, which every editor shows, then one line
 * per command saying what it is for. A client that runs the copy and terminal commands itself
 * (`HoverClient.commands`) gets "Copy" and "Open in terminal" links on each line; the terminal
 * one types the command without running it.
 */
import type { KubeVersion } from '../../config/options';
import type { Manifest } from '../../model/document';
import type { Container } from '../../model/podSpec';
import { COPY_TO_CLIPBOARD_COMMAND, OPEN_IN_TERMINAL_COMMAND, type StartupPlan } from '../../protocol/index';
import { debugCommands, POD_PLACEHOLDER, type DebugCommand, type DebugCommands } from '../debugCommands';
import { code } from './markdown';

/** What the client can do with links in a hover. */
export interface HoverClient {
  /** Client commands (`initializationOptions.clientCommands`) the hover may link to. */
  commands: readonly string[];
}

export const NO_CLIENT_COMMANDS: HoverClient = { commands: [] };

const LINKS: readonly { title: string; command: string }[] = [
  { title: 'Copy', command: COPY_TO_CLIPBOARD_COMMAND },
  { title: 'Open in terminal', command: OPEN_IN_TERMINAL_COMMAND },
];

/** `command:` link to a client command with `[line]` as its argument (parentheses escaped for Markdown). */
function commandLink(title: string, command: string, line: string): string {
  const args = encodeURIComponent(JSON.stringify([line]))
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29');
  return `[${title}](command:${command}?${args})`;
}

/** `Init:0/2` → `Init:1/2` → `PodInitializing` → `Running`; past 7 values the middle ones are left out (…). */
function arrow(statuses: readonly string[]): string {
  const shown = statuses.length > 7 ? [...statuses.slice(0, 2).map(code), '…', ...statuses.slice(-3).map(code)] : statuses.map(code);
  return shown.join(' → ');
}

function purpose(d: DebugCommands, cmd: DebugCommand, workloadKind: string): string {
  const name = code(d.container);
  switch (cmd.kind) {
    case 'logs':
      if (d.pod && 'selector' in d.pod)
        return `what ${name} printed in each pod that matches, its current or last run (the last 10 lines of each: add \`--tail=-1\` for all)`;
      return d.pod || d.pickPod
        ? `what ${name} printed, its current or last run`
        : `what ${name} printed in one pod kubectl picks from the ${workloadKind}, its current or last run`;
    case 'previous':
      return `the run before its last restart: what you need after it crashed`;
    case 'exec': {
      const when = d.role === 'init' ? `, only while it runs` : '';
      return d.pickPod || (d.pod && 'name' in d.pod)
        ? `a shell in ${name}${when}`
        : `a shell in ${name} of one pod kubectl picks from the ${workloadKind}${when}`;
    }
    case 'watch': {
      const parts = [`the STATUS: ${arrow(d.statuses)}`];
      if (d.statusWhile) parts.push(`${name} ${d.role === 'sidecar' ? 'starts' : 'runs'} at ${code(d.statusWhile)}`);
      parts.push(`a failure of ${name} shows ${d.crashStatuses.map(code).join(', then ')}`);
      return parts.join('; ');
    }
  }
}

/** The Debug section for `c` (the pod's startup plan given), or undefined when the container cannot be named in a command. */
export function debugSection(manifest: Manifest, c: Container, target: KubeVersion, client: HoverClient, plan: StartupPlan): string | undefined {
  const d = debugCommands(manifest, c, target, plan);
  if (!d) return undefined;
  const links = LINKS.filter((l) => client.commands.includes(l.command));
  const lines = d.commands.map((cmd, i) => {
    const actions = links.map((l) => ` · ${commandLink(l.title, l.command, cmd.command)}`).join('');
    const pick = cmd.command.includes(POD_PLACEHOLDER) ? `; replace ${code(POD_PLACEHOLDER)} with a pod the watch lists` : '';
    return `${i + 1}. ${purpose(d, cmd, manifest.workload?.kind ?? 'workload')}${pick}${actions}`;
  });
  return ['**Debug** (nothing runs until you do)', '', '```sh', ...d.commands.map((cmd) => cmd.command), '```', '', ...lines].join('\n');
}
