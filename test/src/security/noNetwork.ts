/**
 * A test-only preload (`node --require test/out/security/noNetwork.js …`) that makes every way
 * out of the process throw: opening a connection or a listening socket (`net`, `tls`, `http`,
 * `https`, `http2`, `dgram`, `fetch`), resolving a name (`dns`), and starting a program
 * (`child_process`). Each attempt is also appended, with its stack, to the file named by
 * `INITLENS_TEST_BLOCKED_LOG` (so an attempt whose exception some library swallows is still seen),
 * and written to stderr.
 *
 * Module loading is untouched (vscode-jsonrpc requires `net` for its socket transports; stdio pipes
 * do not connect): only the calls are blocked.
 */
import * as fs from 'node:fs';

const LOG = process.env.INITLENS_TEST_BLOCKED_LOG;

function blocked(what: string): never {
  const error = new Error(`blocked by the offline test: ${what}`);
  const line = `${what}\n${error.stack ?? ''}\n\n`;
  try {
    if (LOG) fs.appendFileSync(LOG, line);
    process.stderr.write(`initlens-test: ${line}`);
  } catch {
    // nothing more to do: the throw below still stops the call
  }
  throw error;
}

function patch(moduleName: string, target: Record<string, unknown>, names: readonly string[], prefix = moduleName): void {
  for (const name of names) {
    if (typeof target[name] !== 'function') continue;
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: function blockedCall() {
        return blocked(`${prefix}.${name}`);
      },
    });
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- the real module objects: a namespace import is a copy, and patching a copy would block nothing */
const net = require('node:net');
const tls = require('node:tls');
const http = require('node:http');
const https = require('node:https');
const http2 = require('node:http2');
const dgram = require('node:dgram');
const dns = require('node:dns');
const childProcess = require('node:child_process');
/* eslint-enable @typescript-eslint/no-require-imports */

patch('net', net, ['connect', 'createConnection', 'createServer']);
patch('net', net.Socket.prototype, ['connect'], 'net.Socket.prototype');
patch('net', net.Server.prototype, ['listen'], 'net.Server.prototype');
patch('tls', tls, ['connect', 'createServer', 'createSecureContext']);
patch('http', http, ['request', 'get', 'createServer']);
patch('https', https, ['request', 'get', 'createServer']);
patch('http2', http2, ['connect', 'createServer', 'createSecureServer']);
patch('dgram', dgram, ['createSocket']);
const DNS = [
  'lookup',
  'lookupService',
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTxt',
  'reverse',
];
patch('dns', dns, DNS);
patch('dns', dns.promises, DNS, 'dns.promises');
patch('dns', dns.Resolver.prototype, DNS, 'dns.Resolver.prototype');
patch('child_process', childProcess, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
patch('globalThis', globalThis, ['fetch', 'WebSocket', 'EventSource']);
