import { describe, expect, it } from 'vitest';
import { checkRoofline } from '../../src/core/roofline.js';
import { join } from 'node:path';
import { packageRoot } from '../../src/load/catalogues.js';
import { bundledDeployments, bundledGpuCatalogues, deploymentName, GpuRegistry, loadDeploymentCatalogueFile, loadGpuCatalogueFile, priceOptionsOf, readBreakevenCatalogues, resolveDeployment } from '../../src/load/gpus.js';
import { GPUS } from './helpers.js';

describe('the bundled GPU catalogue (pricing/gpus.yaml)', () => {
  const [cat] = bundledGpuCatalogues();

  it('loads and validates', () => {
    expect(cat).toBeDefined();
    expect(cat!.catalogue.currency).toBe('USD');
    expect(Object.keys(cat!.catalogue.gpus)).toEqual(expect.arrayContaining(['h100-sxm', 'h100-pcie', 'h200-sxm', 'b200', 'a100-80gb-sxm', 'l40s', 'l4', 'mi300x']));
  });

  it('every price is dated and sourced, and hyperscalers and specialist clouds are both there', () => {
    const reg = new GpuRegistry([cat!]);
    const providers = new Set<string>();
    const offers = new Set<string>();
    for (const id of reg.ids()) {
      const g = reg.resolve(id);
      if (!g.ok) throw new Error(g.message);
      for (const p of priceOptionsOf(g.gpu)) {
        expect(p.asOf).toMatch(/^20\d\d-\d\d-\d\d$/);
        expect(p.source).toMatch(/^https:\/\//);
        expect(p.gpuHourly).toBeGreaterThan(0);
        if (p.provider) providers.add(p.provider);
        if (p.offer) offers.add(p.offer);
      }
    }
    expect([...providers]).toEqual(expect.arrayContaining(['aws', 'gcp', 'azure', 'lambda', 'coreweave', 'runpod']));
    expect([...offers]).toEqual(expect.arrayContaining(['on-demand', 'reserved-1y', 'reserved-3y', 'spot']));
  });

  it('per-GPU price = instance price ÷ GPUs in the instance', () => {
    const g = new GpuRegistry([cat!]).resolve('h100');
    expect(g.ok).toBe(true);
    if (!g.ok) return;
    const aws = priceOptionsOf(g.gpu).find((p) => p.key === 'aws/on-demand')!;
    expect(aws).toMatchObject({ instance: 'p5.48xlarge', gpusPerInstance: 8, instanceHourly: 55.04 });
    expect(aws.gpuHourly).toBeCloseTo(6.88, 12);
    const owned = priceOptionsOf(g.gpu).find((p) => p.key === 'owned')!;
    // 317,000 ÷ 8 ÷ (48 × 730) + 10.2 ÷ 8 × 1.56 × 0.0895
    expect(owned.gpuHourly).toBeCloseTo(317_000 / 8 / (48 * 730) + (10.2 / 8) * 1.56 * 0.0895, 12);
  });
});

describe('the bundled deployments (pricing/deployments.yaml)', () => {
  const gpus = new GpuRegistry(bundledGpuCatalogues());
  const all = bundledDeployments();

  it('has Llama 3.1 8B and Llama 3.3 70B on H100/H200 (and B200), each sourced', () => {
    expect(all.map(deploymentName)).toEqual(expect.arrayContaining(['llama-3.1-8b-fp8-h100-trtllm', 'llama-3.1-8b-fp8-h200-trtllm', 'llama-3.3-70b-fp8-h100x2-trtllm', 'llama-3.3-70b-fp8-h200-trtllm', 'llama-3.3-70b-fp4-b200-trtllm']));
    for (const d of all) expect(d.entry.throughput.source).toMatch(/^https:\/\//);
  });

  it.each(all.map((d) => [deploymentName(d), d] as const))('%s resolves, fits its measurements and is within the roofline', (_name, src) => {
    const { deployment: d } = resolveDeployment(src, gpus, 'USD');
    expect(d.throughput.method).toBe('fitted');
    expect(d.throughput.maxRelativeError!).toBeLessThan(0.5);
    const r = checkRoofline({ model: d.model, gpu: d.gpu, gpusPerReplica: d.gpusPerReplica, stated: null, measurements: d.throughput.points });
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
  });
});

describe('GPU registry', () => {
  it('a later catalogue replaces an earlier entry for the same id; aliases resolve', () => {
    const fixture = loadGpuCatalogueFile(GPUS, 'gpus.yaml');
    const override = { ...fixture, catalogue: { ...fixture.catalogue, gpus: { 'acme-h1': { ...fixture.catalogue.gpus['acme-h1']!, name: 'Negotiated H1' } } } };
    const reg = new GpuRegistry([fixture, override]);
    const g = reg.resolve('H1');
    expect(g.ok && g.gpu.spec.name).toBe('Negotiated H1');
    const bad = reg.resolve('acme-h2');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.fix).toBe('did you mean "acme-h1"?');
  });
});

describe('the build-time snapshot of the bundled catalogues', () => {
  it('holds exactly what validating the YAML gives, and run time reads the same', () => {
    const snap = readBreakevenCatalogues();
    const fromYaml = loadGpuCatalogueFile(join(packageRoot(), 'pricing', 'gpus.yaml'), 'pricing/gpus.yaml').catalogue;
    expect(JSON.parse(JSON.stringify(snap.gpus!.data))).toEqual(JSON.parse(JSON.stringify(fromYaml)));
    expect(bundledGpuCatalogues()[0]!.catalogue).toEqual(JSON.parse(JSON.stringify(fromYaml)));
    const deps = loadDeploymentCatalogueFile(join(packageRoot(), 'pricing', 'deployments.yaml'), 'pricing/deployments.yaml');
    expect(bundledDeployments().map((d) => d.entry)).toEqual(JSON.parse(JSON.stringify(deps.map((d) => d.entry))));
  });

  it('positions for messages still come from the YAML', () => {
    const d = bundledDeployments().find((x) => deploymentName(x) === 'llama-3.1-8b-fp8-h100-trtllm')!;
    expect(d.yaml.locate(['deployments', 'llama-3.1-8b-fp8-h100-trtllm', 'price'])).toEqual({ line: expect.any(Number), column: 12 });
  });
});
