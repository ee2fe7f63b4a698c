// Helpers for the browser scenarios: Debian's Chromium driven by playwright-core with a fake
// camera and microphone, one persistent profile per participant in a fresh directory, bounded
// waits, screenshots under the output folder, and getStats readers.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, chownSync, writeFileSync, chmodSync, readFileSync, existsSync } from 'node:fs';
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
  // LocalNetworkAccessChecks: the lib-jitsi-meet page is answered by the driver (page.route), so
  // Chromium cannot tell that it comes from loopback and would block its WebSocket to loopback.
  '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks',
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
export async function participant(name, { asUid = null, viewport = { width: 1280, height: 720 }, locale = undefined } = {}) {
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
    // The browser's language (navigator.languages, Accept-Language); Chromium's own by default.
    locale,
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
  page.on('pageerror', (e) => log(`[${name} page error]`, e.message, process.env.HUDDLE_E2E_STACKS ? e.stack : ''));
  return { name, page, context };
}

/**
 * Opens /<room>, fills the pre-join screen and clicks Join; returns the click time (page clock).
 * `pauseMs`: how long a person looks at the pre-join screen (its preview shown) before clicking.
 */
export async function join(p, room, { query = '', pauseMs = 0 } = {}) {
  await p.page.goto(`${BASE}/${room}${query}`, { waitUntil: 'load' });
  await p.page.getByLabel('Your name').fill(p.name);
  await p.page.waitForFunction(() => document.getElementById('preview').srcObject !== null, null, { timeout: 15000 });
  if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
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

/**
 * An organizer opens `room` (and moderates it), then two guests join; resolves once each of the
 * three lists all three.
 */
export async function organizerAndTwo(room, names = ['org', 'ann', 'bob']) {
  const all = [];
  for (const n of names) all.push(await participant(n));
  const [org, ...guests] = all;
  await join(org, room);
  await joined(org);
  await waitFor(org, 'it moderates the room it opened', () => window.huddle.conference.isModerator);
  for (const g of guests) await join(g, room);
  for (const g of guests) await joined(g);
  for (const p of [org, ...guests]) {
    await waitFor(p, 'all three are listed', () => document.getElementById('people-count').textContent === '3');
  }
  return [org, ...guests];
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

/**
 * A participant that runs Jitsi's client library (e2e/jitsi/client.js) instead of Huddle's app:
 * the library's own browser build as published on npm (@lyno/lib-jitsi-meet, the newest build of
 * jitsi/lib-jitsi-meet there), unmodified, with the jQuery it expects. The page is served on
 * Huddle's own origin (under /__ljm/, answered by the browser driver, never by Huddle), so the
 * library reaches the XMPP WebSocket as a Jitsi web client does.
 */
export async function jitsiClient(name, room, { codec = 'VP8', sourceNames = true, height = 720, trace = process.env.HUDDLE_E2E_LJM_TRACE === '1', awaitJoin = true } = {}) {
  const here = new URL('.', import.meta.url).pathname;
  const modules = pathJoin(here, '..', 'node_modules');
  const files = {
    'client.html': ['text/html', pathJoin(here, 'jitsi', 'client.html')],
    'client.js': ['text/javascript', pathJoin(here, 'jitsi', 'client.js')],
    'jquery.min.js': ['text/javascript', pathJoin(modules, 'jquery', 'dist', 'jquery.min.js')],
    'lib-jitsi-meet.min.js': ['text/javascript', pathJoin(modules, '@lyno', 'lib-jitsi-meet', 'lib-jitsi-meet.min.js')],
  };
  for (const [file, [, path]] of Object.entries(files)) {
    if (!existsSync(path)) throw new Error(`${file} is missing (${path}); the web module's 'npm ci' installs lib-jitsi-meet and jquery`);
  }
  const p = await participant(name);
  await p.page.route(`${BASE}/__ljm/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname.replace('/__ljm/', '')];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: file[0], body: readFileSync(file[1]) });
  });
  const ws = `${BASE.replace(/^http/, 'ws')}/xmpp-websocket`;
  const query = new URLSearchParams({ room, name, ws, codec, sourceNames: sourceNames ? '1' : '0', height: String(height) });
  // trace (or HUDDLE_E2E_LJM_TRACE=1): the page keeps its Jingle stanzas in window.ljm.stanzas.
  if (trace) query.set('trace', '1');
  await p.page.goto(`${BASE}/__ljm/client.html?${query}`, { waitUntil: 'load' });
  if (!awaitJoin) return p;
  await waitForLjm(p, 'it joined the conference', () => window.ljm.state === 'joined', null, 60000);
  p.endpointId = await p.page.evaluate(() => window.ljm.endpointId);
  log(`${name} joined ${room} as ${p.endpointId} with lib-jitsi-meet (${codec})`);
  return p;
}

/** waitFor for a lib-jitsi-meet page: on a timeout, says what the library saw. */
export async function waitForLjm(p, description, fn, arg, timeout = 45000) {
  try {
    return await p.page.waitForFunction(fn, arg, { timeout, polling: 250 });
  } catch (e) {
    await shot(p, `timeout-${description.replace(/\W+/g, '-')}`);
    const seen = await p.page.evaluate(() => ({ state: window.ljm?.state, errors: window.ljm?.errors, events: window.ljm?.events })).catch(() => ({}));
    throw new Error(`${p.name}: timed out after ${timeout / 1000} s waiting until ${description} (lib-jitsi-meet ${JSON.stringify(seen)})`);
  }
}

/**
 * What a lib-jitsi-meet participant receives: per remote owner, the frames its video element has
 * shown and the frames decoded on the SSRC the signalling names, plus any video arriving on an
 * SSRC the remote description does not name.
 */
export async function jitsiReceives(p) {
  return p.page.evaluate(async () => {
    const named = new Set(window.ljm.remoteSsrcs());
    const inbound = await window.ljm.inbound();
    const byOwner = {};
    for (const v of window.ljm.playing()) {
      const s = inbound.find((i) => i.ssrc === v.ssrc);
      byOwner[v.owner] = { ssrc: v.ssrc, shown: v.frames, decoded: s ? s.frames : 0, height: s ? s.height : 0, codec: s ? s.codec : null };
    }
    const unnamed = inbound.filter((i) => i.kind === 'video' && !named.has(i.ssrc)).map((i) => ({ ssrc: i.ssrc, packets: i.packets, frames: i.frames }));
    return { byOwner, unnamed };
  });
}

/**
 * Waits until `p` shows video from each of `others` on the SSRC its signalling names, with frames
 * still rising, and no video arrives on an SSRC it was not told about.
 */
export async function awaitJitsiVideo(p, others, { timeout = 60000 } = {}) {
  const end = Date.now() + timeout;
  let first = null;
  let now = null;
  for (;;) {
    now = await jitsiReceives(p);
    const ok = others.every((o) => (now.byOwner[o.endpointId]?.shown || 0) > 0 && (now.byOwner[o.endpointId]?.decoded || 0) > 0);
    if (ok && !first) first = now;
    else if (ok && first) {
      const rising = others.every((o) => now.byOwner[o.endpointId].shown > first.byOwner[o.endpointId].shown
        && now.byOwner[o.endpointId].decoded > first.byOwner[o.endpointId].decoded);
      if (rising) break;
    }
    if (Date.now() > end) {
      await shot(p, 'jitsi-video-timeout');
      const events = await p.page.evaluate(() => window.ljm.events).catch(() => []);
      throw new Error(`${p.name}: does not show rising video from ${others.map((o) => `${o.name} (${o.endpointId})`).join(', ')} within ${timeout / 1000} s: ${JSON.stringify(now)}; events ${JSON.stringify(events)}`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const stray = now.unnamed.filter((u) => u.packets > 0);
  if (stray.length > 0) {
    throw new Error(`${p.name}: video arrives on SSRCs the signalling does not name: ${JSON.stringify(stray)} (named: ${JSON.stringify(now.byOwner)})`);
  }
  return now;
}

/** config.js as an operator would set it (CODEC_ORDER_JVB): this codec first, for this browser. */
export async function preferCodec(p, codec, settings = null) {
  // settings: that codec's config.videoQuality.<codec> (lib-jitsi-meet's useSimulcast, useKSVC).
  const extra = settings ? `, ${JSON.stringify(codec.toLowerCase())}: ${JSON.stringify(settings)}` : '';
  await p.page.route(`${BASE}/config.js`, async (route) => {
    const response = await route.fetch();
    const body = `${await response.text()}\nconfig.videoQuality = Object.assign({}, config.videoQuality, { codecPreferenceOrder: ['${codec}']${extra} });\n`;
    await route.fulfill({ response, body });
  });
}
