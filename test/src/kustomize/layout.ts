/**
 * A kustomize workspace on disk for the CLI and server tests: a base, two overlays that prefix
 * and namespace it differently, a component, and a patch kept in a folder of its own.
 * `base/api.yaml` refers to the Secret `db` and waits for the Service `db`: each overlay renders
 * them `prod-db` / `dev-db`, in its namespace; `example/api` has no tag in the base and one from
 * the prod overlay.
 */

export const API = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      initContainers:
        - name: wait-db
          image: busybox:1.36
          command: ["sh", "-c", "nc -z -w 5 db 5432"]
      containers:
        - name: app
          image: example/api
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: db
                  key: password
`;

export const LAYOUT: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - api.yaml\n  - db.yaml\n',
  'base/api.yaml': API,
  'base/db.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  ports:\n    - port: 5432\n',
  'overlays/prod/kustomization.yaml': [
    'namespace: prod',
    'namePrefix: prod-',
    'resources:\n  - ../../base\n  - secret.yaml',
    'components:\n  - ../../components/tracing',
    'patches:\n  - path: ../../patches/replicas.yaml',
    'images:\n  - name: example/api\n    newTag: "1.4.2"',
    '',
  ].join('\n'),
  'overlays/prod/secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: from-vault\n',
  'overlays/dev/kustomization.yaml':
    'namespace: dev\nnamePrefix: dev-\nresources:\n  - ../../base\nsecretGenerator:\n  - name: db\n    literals:\n      - password=dev\n',
  'components/tracing/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - collector.yaml\n',
  'components/tracing/collector.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: collector\ndata:\n  endpoint: otel:4317\n',
  // A patch listed only by overlays/prod: without kustomize it lacks `selector` and `template`.
  'patches/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n',
};
