/** Image references and the table of long-running helper images (server/src/knowledge/images.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helperImage, isMeshInitImage, isNetworkProxy, parseImageRef } from '../../../server/out/knowledge/images';

test('parseImageRef splits registry, repository, tag and digest', () => {
  assert.deepEqual(parseImageRef('nginx'), { registry: undefined, repository: 'nginx', name: 'nginx', tag: undefined, digest: undefined });
  assert.deepEqual(parseImageRef('docker.io/istio/proxyv2:1.22.1'), {
    registry: 'docker.io',
    repository: 'istio/proxyv2',
    name: 'proxyv2',
    tag: '1.22.1',
    digest: undefined,
  });
  assert.deepEqual(parseImageRef('localhost:5000/tools'), {
    registry: 'localhost:5000',
    repository: 'tools',
    name: 'tools',
    tag: undefined,
    digest: undefined,
  });
  const digest = 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';
  assert.deepEqual(parseImageRef(`nginx:latest@${digest}`), { registry: undefined, repository: 'nginx', name: 'nginx', tag: 'latest', digest });
  assert.equal(parseImageRef('us-docker.pkg.dev/p/r/img:v1')?.repository, 'p/r/img');
});

test('parseImageRef refuses placeholders and text that is no reference', () => {
  for (const s of ['', '  ', '${IMAGE}', '$(IMAGE)', '<your-image>', 'IMAGE_URL', 'My/Image', 'nginx:', 'nginx@sha256:xyz', 'a b']) {
    assert.equal(parseImageRef(s), undefined, s);
  }
});

test('helperImage knows the helpers by repository, never by tag or a look-alike name', () => {
  const product = (image: string) => helperImage(image)?.product;
  assert.equal(product('gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0'), 'cloud-sql-proxy');
  assert.equal(product('gcr.io/cloudsql-docker/gce-proxy:1.33.16'), 'cloud-sql-proxy');
  assert.equal(product('docker.io/istio/proxyv2:1.22.1'), 'istio-proxy');
  assert.equal(product('gcr.io/gke-release/asm/proxyv2:1.20.3-asm.1'), 'istio-proxy');
  assert.equal(product('cr.l5d.io/linkerd/proxy:stable-2.14.10'), 'linkerd-proxy');
  assert.equal(product('envoyproxy/envoy:v1.30.1'), 'envoy');
  assert.equal(product('cr.fluentbit.io/fluent/fluent-bit:3.0.4'), 'fluent-bit');
  assert.equal(product('otel/opentelemetry-collector-contrib:0.102.0'), 'otel-collector');
  // Look-alikes: another proxy image, a repository merely containing a helper's name, a tag.
  assert.equal(product('registry.example.com/proxy:1.0'), undefined);
  assert.equal(product('linkerd/proxy-init:v2.4.0'), undefined);
  assert.equal(product('example/envoy-config-renderer:1.0'), undefined);
  assert.equal(product('vector:1.0'), undefined);
  assert.equal(product('nginx:envoy'), undefined);
});

test('network proxies and mesh init images', () => {
  assert.equal(isNetworkProxy(helperImage('istio/proxyv2:1.22.1')), true);
  assert.equal(isNetworkProxy(helperImage('pgbouncer/pgbouncer:1.22.1')), true);
  assert.equal(isNetworkProxy(helperImage('fluent/fluentd:v1.16-1')), false);
  assert.equal(isNetworkProxy(undefined), false);
  assert.equal(isMeshInitImage('cr.l5d.io/linkerd/proxy-init:v2.4.0'), true);
  assert.equal(isMeshInitImage('docker.io/istio/proxyv2:1.22.1'), true);
  assert.equal(isMeshInitImage('busybox:1.36'), false);
});
