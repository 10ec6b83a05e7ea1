/**
 * Package managers and the subcommands that install packages. Matching is on one simple command:
 * its program base name and its first non-option argument (the subcommand).
 */

export interface PackageManager {
  /** Program base names. */
  programs: readonly string[];
  /** Subcommands that install. */
  installs: readonly string[];
  /** What it installs, for messages. */
  what: string;
}

export const PACKAGE_MANAGERS: readonly PackageManager[] = [
  // Debian/Ubuntu.
  { programs: ['apt-get', 'apt', 'aptitude'], installs: ['install'], what: 'Debian packages' },
  // Alpine.
  { programs: ['apk'], installs: ['add'], what: 'Alpine packages' },
  // Red Hat family (UBI minimal images ship microdnf; Photon tdnf).
  { programs: ['yum', 'dnf', 'microdnf', 'tdnf'], installs: ['install'], what: 'RPM packages' },
  // SUSE.
  { programs: ['zypper'], installs: ['install', 'in'], what: 'RPM packages' },
  // Python (`python -m pip install` is matched through `pip` below).
  { programs: ['pip', 'pip3', 'pipx', 'uv'], installs: ['install'], what: 'Python packages' },
  { programs: ['conda', 'mamba', 'micromamba'], installs: ['install', 'create'], what: 'conda packages' },
  // JavaScript.
  { programs: ['npm'], installs: ['install', 'i', 'ci', 'add'], what: 'npm packages' },
  { programs: ['yarn', 'pnpm'], installs: ['install', 'add'], what: 'npm packages' },
  // Ruby, PHP.
  { programs: ['gem'], installs: ['install'], what: 'Ruby gems' },
  { programs: ['bundle', 'bundler'], installs: ['install'], what: 'Ruby gems' },
  { programs: ['composer'], installs: ['install', 'require'], what: 'PHP packages' },
];

/** The package manager a command runs to install, given its program and arguments (literal texts). */
export function installCommand(program: string, args: readonly string[]): PackageManager | undefined {
  let prog = program;
  let rest = args;
  // `python -m pip install …`, `python3 -m pip …`, `uv pip install …`
  if (/^python[0-9.]*$/.test(prog) && rest[0] === '-m' && rest[1]) {
    prog = rest[1];
    rest = rest.slice(2);
  } else if (prog === 'uv' && rest[0] === 'pip') {
    prog = 'pip';
    rest = rest.slice(1);
  }
  const sub = rest.find((a) => !a.startsWith('-'));
  if (sub === undefined) return undefined;
  return PACKAGE_MANAGERS.find((m) => m.programs.includes(prog) && m.installs.includes(sub));
}
