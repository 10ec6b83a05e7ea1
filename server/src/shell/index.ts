/** The shell reader: exec form vs shell (`invocation`), the script reader (`parse`), questions about a script (`query`), quoting (`quote`). */
export * from './ast';
export { parseScript } from './parse';
export { baseName, findShell, type ShellInvocation } from './invocation';
export * from './query';
export * from './quote';
