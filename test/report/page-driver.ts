/** Reading and moving the what-if page's controls through the DevTools protocol (test/helpers/cdp.ts). */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '../helpers/cdp.js';
import { ROOT } from '../helpers/cli.js';

export interface PageControl {
  id: string;
  kind: 'count' | 'tokens' | 'rate' | 'steps' | 'share' | 'model';
  path: string;
  value: number | string;
  min: number;
  max: number;
  sliderMax: number;
  options?: string[];
  derived?: boolean;
  /** The stage index it belongs to, or -1 for traffic. */
  stage: number;
  /** What it changes (src/report/controls.ts): `model` is the entry of a mix for shares and models. */
  target: { t: string; stage?: number; model?: number };
}

export interface PageState {
  /** The monthly total the page computed (the number behind the shown text). */
  total: number;
  /** The monthly total as shown. */
  shown: string;
  /** The "copy as --set flags" command line. */
  command: string;
  /** The warnings listed. */
  warnings: string[];
  controls: PageControl[];
}

/** The bundled example scenarios (scenarios/*.yaml). */
export function bundledScenarios(): string[] {
  return readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `scenarios/${f}`);
}

export function pageState(b: Browser): Promise<PageState> {
  return b.evaluate<PageState>(`(() => {
    const data = JSON.parse(document.getElementById('aifinops-data').textContent);
    const view = data.views[Number(document.getElementById('view').value || 0)];
    const total = document.getElementById('total');
    return {
      total: Number(total.dataset.value),
      shown: total.textContent,
      command: document.getElementById('flags').textContent,
      warnings: Array.from(document.querySelectorAll('#warnings li')).map((li) => li.textContent),
      controls: view.controls.map((c) => ({ ...c, stage: c.target.stage ?? -1 })),
    };
  })()`);
}

const key = (type: string, k: string, code: number) => ({ type, key: k, code: k, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code });

/**
 * Set a control as a reader would: type into its number field (an `input` event), choose in its
 * list (a `change` event), or — `viaKeys` — focus its slider and press the right arrow key.
 * Returns the value the page now holds, as its number field or list shows it.
 */
export async function setControl(b: Browser, c: PageControl, v: number | string, viaKeys = false): Promise<string> {
  const id = JSON.stringify(c.id);
  if (c.kind === 'model') {
    return b.evaluate<string>(`(() => { const s = document.getElementById(${id}); s.value = ${JSON.stringify(v)}; s.dispatchEvent(new Event('change', { bubbles: true })); return s.value; })()`);
  }
  if (viaKeys) {
    await b.evaluate(`document.getElementById(${JSON.stringify(`${c.id}-range`)}).focus()`);
    await b.send('Input.dispatchKeyEvent', key('rawKeyDown', 'ArrowRight', 39));
    await b.send('Input.dispatchKeyEvent', key('keyUp', 'ArrowRight', 39));
    return b.evaluate<string>(`document.getElementById(${id}).value`);
  }
  return b.evaluate<string>(`(() => { const n = document.getElementById(${id}); n.value = ${JSON.stringify(String(v))}; n.dispatchEvent(new Event('input', { bubbles: true })); return n.value; })()`);
}

/** A PNG of the page's first screen (900×640), written to `dir` as <scenario name>.png; returns its path. */
export async function screenshot(b: Browser, dir: string, scenario: string): Promise<string> {
  await b.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 640, deviceScaleFactor: 1, mobile: false });
  const { data } = (await b.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false })) as { data: string };
  await b.send('Emulation.clearDeviceMetricsOverride');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `report-${scenario.replace(/^.*\//, '').replace(/\.yaml$/, '')}.png`);
  writeFileSync(file, Buffer.from(data, 'base64'));
  return file;
}
