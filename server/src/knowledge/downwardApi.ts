/**
 * Environment variable names scripts use for facts of the pod that only the downward API
 * provides, with the `fieldRef.fieldPath` that provides each. Kubernetes sets none of them by
 * itself (it sets `HOSTNAME` to the pod name, and the service-link variables), so a script that
 * reads one needs an `env` entry `valueFrom.fieldRef`.
 */

export interface DownwardVariable {
  name: string;
  fieldPath: string;
}

export const DOWNWARD_API_ENV: readonly DownwardVariable[] = [
  // The names the catalogue lists (rules.md) and most charts use.
  { name: 'POD_NAME', fieldPath: 'metadata.name' },
  { name: 'POD_NAMESPACE', fieldPath: 'metadata.namespace' },
  { name: 'POD_IP', fieldPath: 'status.podIP' },
  { name: 'POD_IPS', fieldPath: 'status.podIPs' },
  { name: 'POD_UID', fieldPath: 'metadata.uid' },
  { name: 'POD_SERVICE_ACCOUNT', fieldPath: 'spec.serviceAccountName' },
  { name: 'NODE_NAME', fieldPath: 'spec.nodeName' },
  { name: 'HOST_IP', fieldPath: 'status.hostIP' },
  // The `MY_` spelling of the Kubernetes documentation's downward API example.
  { name: 'MY_POD_NAME', fieldPath: 'metadata.name' },
  { name: 'MY_POD_NAMESPACE', fieldPath: 'metadata.namespace' },
  { name: 'MY_POD_IP', fieldPath: 'status.podIP' },
  { name: 'MY_NODE_NAME', fieldPath: 'spec.nodeName' },
  { name: 'MY_POD_SERVICE_ACCOUNT', fieldPath: 'spec.serviceAccountName' },
];

export function downwardVariable(name: string): DownwardVariable | undefined {
  return DOWNWARD_API_ENV.find((v) => v.name === name);
}

/**
 * Service-link variables the kubelet sets for every Service of the namespace (while
 * `enableServiceLinks` is not false): `<SVC>_SERVICE_HOST`, `<SVC>_SERVICE_PORT[_<PORT>]`,
 * `<SVC>_PORT[_<n>_<PROTO>[_PROTO|_PORT|_ADDR]]`. `$(…)` references to them do expand.
 */
export const SERVICE_LINK_VARIABLE = /^[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)?)$/;
