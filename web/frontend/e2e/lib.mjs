// Helpers for the browser scenarios: Debian's Chromium driven by playwright-core with a fake
// camera and microphone, one persistent profile per participant in a fresh directory, bounded
// waits, screenshots under the output folder, and getStats readers.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, chownSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as pathJoin } from 'node:path';
import { execFileSync } from 'node:child_process';

export const BASE = process.env.HUDDLE_URL;
export const OUT = process.env.HUDDLE_E2E_OUTPUT || pathJoin(tmpdir(), 'huddle-e2e');
const CHROMIUM = process.env.HUDDLE_CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  '--auto-select-desktop-capture-source=Entire screen',
];

/** The uid the "cut off" participant's browser runs as (its traffic is marked for iptables). */
export const CUT_UID = 65534;
const contexts = [];

export function log(...args) {
  console.log(new Date().toISOString().slice(11, 23), ...args);
}

/**
 * A participant: its own Chromium profile (and, with `asUid`, its own browser process running as
 * that user, so its packets can be told apart).
 */
export async function participant(name, { asUid = null, viewport = { width: 1280, height: 720 } } = {}) {
  const dir = mkdtempSync(pathJoin(tmpdir(), `huddle-${name}-`));
  let executablePath = CHROMIUM;
  const env = { ...process.env };
  if (asUid !== null) {
    chownSync(dir, asUid, asUid);
    const wrapper = pathJoin(dir, '..', `chromium-as-${asUid}-${name}.sh`);
    writeFileSync(wrapper, `#!/bin/sh\nexport HOME=${dir}\nexec setpriv --reuid=${asUid} --regid=${asUid} --clear-groups ${CHROMIUM} "$@"\n`);
    chmodSync(wrapper, 0o755);
    executablePath = wrapper;
    env.HOME = dir;
  }
  const context = await chromium.launchPersistentContext(dir, {
    executablePath,
    headless: true,
    args: FLAGS,
    env,
    viewport,
    permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write'],
    // A deployment test reaches nginx over HTTPS with the deployment's self-signed certificate.
    ignoreHTTPSErrors: process.env.HUDDLE_E2E_IGNORE_TLS_ERRORS === '1',
    timeout: 60000,
  });
  contexts.push(context);
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log(`[${name} console ${m.type()}]`, m.text());
  });
  page.on('pageerror', (e) => log(`[${name} page error]`, e.message));
  return { name, page, context };
}

/** Opens /<room>, fills the pre-join screen and clicks Join; returns the click time (page clock). */
export async function join(p, room, { query = '' } = {}) {
  await p.page.goto(`${BASE}/${room}${query}`, { waitUntil: 'load' });
  await p.page.getByLabel('Your name').fill(p.name);
  await p.page.waitForFunction(() => document.getElementById('preview').srcObject !== null, null, { timeout: 15000 });
  const clickedAt = await p.page.evaluate(() => performance.now());
  await p.page.getByRole('button', { name: 'Join meeting' }).click();
  return clickedAt;
}

export async function waitFor(p, description, fn, arg, timeout = 45000) {
  try {
    return await p.page.waitForFunction(fn, arg, { timeout, polling: 250 });
  } catch (e) {
    await shot(p, `timeout-${description.replace(/\W+/g, '-')}`);
    const state = await p.page.evaluate(() => ({ state: window.huddle?.state, status: window.huddle?.status, errors: (window.huddle?.errors || []).map(String) })).catch(() => ({}));
    throw new Error(`${p.name}: timed out after ${timeout / 1000} s waiting until ${description} (app ${JSON.stringify(state)})`);
  }
}

export async function joined(p) {
  await waitFor(p, 'it is in the meeting', () => window.huddle && window.huddle.state === 'joined', null, 60000);
}

let shotCount = 0;
export async function shot(p, step) {
  mkdirSync(OUT, { recursive: true });
  const file = pathJoin(OUT, `${String(++shotCount).padStart(2, '0')}-${p.name}-${step}.png`);
  await p.page.screenshot({ path: file }).catch(() => {});
  return file;
}

/** Inbound RTP by owner: {owner: {video: framesDecoded, audio: totalAudioEnergy, screen: frames}}. */
export async function inbound(p) {
  const list = await p.page.evaluate(() => window.huddle.inboundStats());
  const out = {};
  for (const s of list) {
    if (!s.owner) continue;
    const o = (out[s.owner] ||= { video: 0, audio: 0, screen: 0 });
    if (s.kind === 'audio') o.audio = Math.max(o.audio, s.totalAudioEnergy);
    else if (s.videoType === 'desktop') o.screen = Math.max(o.screen, s.framesDecoded);
    else o.video = Math.max(o.video, s.framesDecoded);
  }
  return out;
}

export async function endpointId(p) {
  return p.page.evaluate(() => window.huddle.conference.endpointId);
}

/**
 * Waits until `p` decodes video and hears audio from each of `others`, and both keep rising.
 * `what` picks video, audio and/or screen.
 */
export async function awaitMediaFrom(p, others, { what = ['video', 'audio'], timeout = 90000 } = {}) {
  const ids = await Promise.all(others.map(endpointId));
  const end = Date.now() + timeout;
  let first = null;
  for (;;) {
    const now = await inbound(p);
    const ok = ids.every((id) => what.every((k) => (now[id]?.[k] || 0) > 0));
    if (ok && !first) first = now;
    else if (ok && first) {
      const rising = ids.every((id) => what.every((k) => now[id][k] > first[id][k]));
      if (rising) return now;
    }
    if (Date.now() > end) {
      await shot(p, 'media-timeout');
      const forwarded = await p.page.evaluate(() => window.huddle.conference?.forwarded || null).catch(() => null);
      throw new Error(`${p.name}: no rising ${what.join('+')} from ${others.map((o) => o.name).join(', ')} within ${timeout / 1000} s: ${JSON.stringify(now)} (ids ${ids}; the bridge forwards ${JSON.stringify(forwarded)})`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export function iptables(...args) {
  execFileSync('iptables', args, { stdio: 'inherit' });
}

export async function closeAll() {
  for (const c of contexts.splice(0)) await c.close().catch(() => {});
}
