/** The option syntax every `initlens` command shares. No I/O here. */
import { parseKubeVersion, type KubeVersion } from '../config/options';

/** Printed as `initlens: <message>`, exit status 2. */
export class UsageError extends Error {}

/** One option as met on the command line: `--name value`, `--name=value` or a flag. */
export interface Option {
  readonly name: string;
  /** The option's value (inline after `=`, or the next argument); a UsageError when there is none. */
  value(): string;
  /** Asserts the option was given without a value. */
  flag(): void;
}

/**
 * Walks `args`: arguments that are not options (and `-`, and everything after `--`) are paths;
 * each option goes to `onOption`. When `onOption` returns something, the walk stops there and
 * that is returned as `stopped` (used for `--help`).
 */
export function scanArgs<T>(args: readonly string[], onOption: (option: Option) => T | undefined): { paths: string[]; stopped?: T } {
  const paths: string[] = [];
  let options = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!options || arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    if (arg === '--') {
      options = false;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = name !== arg ? arg.slice(eq + 1) : undefined;
    const stopped = onOption({
      name,
      value: () => {
        if (inline !== undefined) return inline;
        if (i + 1 >= args.length) throw new UsageError(`option ${name} needs a value`);
        return args[++i];
      },
      flag: () => {
        if (inline !== undefined) throw new UsageError(`option ${name} takes no value`);
      },
    });
    if (stopped !== undefined) return { paths, stopped };
  }
  return { paths };
}

/** `--format` values. */
export function parseChoice<T extends string>(value: string, choices: readonly T[], what: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${what} "${value}" (expected ${choices.join(', ')})`);
}

/** `--kubernetes-version X.Y` (`check` and `startup`): `1.MINOR`, `v1.MINOR` or `1.MINOR.PATCH`. */
export function parseKubernetesVersion(value: string): KubeVersion {
  const v = parseKubeVersion(value);
  if (!v || v.major !== 1) throw new UsageError(`invalid Kubernetes version "${value}" (expected 1.MINOR, e.g. 1.35)`);
  return v;
}
