/** A CustomResourceDefinition and custom resources of its kind, shared by the CRD tests. */

/** `Backup` in `example.com`: v1 served with a schema, v1beta1 not served. */
export const BACKUP_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.example.com
spec:
  group: example.com
  names: {kind: Backup, plural: backups}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [schedule]
              properties:
                schedule:
                  type: string
                  description: When to back up, in cron syntax.
                retentionDays:
                  type: integer
                  minimum: 1
                  default: 7
                  description: How many days a backup is kept.
                storageClass:
                  type: string
                  enum: [standard, cold]
                options:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true
                  description: Options passed to the backup tool as they are.
    - name: v1beta1
      served: false
      storage: false
`;

/** A Backup whose `retentionDays` is a string: line 6 (0-based 5), the value at columns 17-24. */
export const BACKUP = `apiVersion: example.com/v1
kind: Backup
metadata:
  name: nightly
spec:
  retentionDays: "seven"
  schedule: "0 3 * * *"
`;

export const RETENTION_MESSAGE = 'spec.retentionDays: expected integer, got string "seven"';
