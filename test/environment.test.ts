// Environment names: what counts as production, staging, development or local, and what stays unknown.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EnvironmentResolver, hostOf } from '../src/core/environment';

describe('environment names', () => {
  const resolver = new EnvironmentResolver();
  const cases: [string, string | undefined][] = [
    ['production', 'production'],
    ['prod', 'production'],
    ['prod-eu-1', 'production'],
    ['api-prd', 'production'],
    ['ProdCluster', 'production'],
    ['gke_acme_europe-west1_prod', 'production'],
    ['db.prod.internal', 'production'],
    ['postgres://app:pw@db.prod.acme.com:5432/app', 'production'],
    ['live', 'production'],
    ['staging', 'staging'],
    ['stg-db', 'staging'],
    ['uat', 'staging'],
    ['preprod', 'staging'],
    ['dev', 'development'],
    ['feature-preview-12', 'development'],
    ['sandbox', 'development'],
    ['test', 'development'],
    ['localhost', 'local'],
    ['127.0.0.1', 'local'],
    ['localhost:5432', 'local'],
    ['kind-dev', 'local'],
    ['minikube', 'local'],
    ['docker-desktop', 'local'],
    ['postgres://u@localhost/app', 'local'],
    ['prod-copy-for-dev', 'production'],
    ['reproduce', undefined],
    ['product-catalog', undefined],
    ['devops-tools', undefined],
    ['my-cluster', undefined],
    ['', undefined],
  ];
  for (const [name, expected] of cases) {
    test(`${JSON.stringify(name)} is ${expected ?? 'unnamed'}`, () => assert.equal(resolver.classify(name), expected));
  }

  test('a policy can name production targets', () => {
    const named = new EnvironmentResolver({ production: ['acme-main', '*.acme.internal'] });
    assert.equal(named.classify('acme-main'), 'production');
    assert.equal(named.classify('db.acme.internal'), 'production');
    assert.equal(named.classify('my-cluster'), undefined);
  });

  test('hosts are read from URLs and user@host', () => {
    assert.equal(hostOf('postgresql://user:secret@db.example.com:5432/app'), 'db.example.com');
    assert.equal(hostOf('deploy@web-1.example.com'), 'web-1.example.com');
    assert.equal(hostOf('redis://[::1]:6379'), '[::1]');
    assert.equal(hostOf('not a url'), undefined);
  });
});
