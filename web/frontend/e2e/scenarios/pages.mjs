// The landing page leads to a room's pre-join screen, which has a named, labelled form with a
// camera preview and device pickers; the same screens fit a phone.
import { participant, shot, BASE, log } from '../lib.mjs';

export async function run() {
  const p = await participant('visitor');
  const { page } = p;
  await page.goto(BASE + '/', { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Huddle' }).waitFor({ timeout: 10000 });
  await shot(p, 'landing');
  await page.getByLabel('Meeting name').fill('Weekly-Review');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/weekly-review$/i, { timeout: 10000 });
  await page.getByRole('heading', { name: /Join weekly-review/ }).waitFor({ timeout: 10000 });
  await page.getByLabel('Your name').waitFor();
  await page.getByLabel('Camera', { exact: true }).waitFor();
  await page.getByLabel('Microphone', { exact: true }).waitFor();
  await page.waitForFunction(() => document.getElementById('preview').srcObject?.getVideoTracks().length === 1, null, { timeout: 15000 });
  const cameras = await page.getByLabel('Camera', { exact: true }).locator('option').count();
  if (cameras < 1) throw new Error('the camera picker lists no camera');
  await shot(p, 'prejoin');
  // Keyboard: the name field has focus; Tab reaches the pickers and the Join button.
  const focused = await page.evaluate(() => document.activeElement?.id);
  if (focused !== 'display-name') throw new Error(`the name field should have focus, not ${focused}`);
  const seen = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName));
  }
  for (const id of ['camera-select', 'mic-select', 'join-button']) {
    if (!seen.includes(id)) throw new Error(`Tab never reached #${id} (saw ${seen.join(', ')})`);
  }
  const config = await page.evaluate(() => window.config);
  if (config.hosts.domain !== 'meet.jitsi' || config.hosts.muc !== 'muc.meet.jitsi' || !config.bosh || !config.websocket) {
    throw new Error('config.js lacks hosts or URLs: ' + JSON.stringify(config));
  }
  await page.setViewportSize({ width: 375, height: 740 });
  await shot(p, 'prejoin-phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) throw new Error('the pre-join screen is wider than a phone screen');
  // Without a camera the pre-join screen says so, and the meeting can still be joined.
  const nocam = await participant('no-camera');
  await nocam.page.addInitScript(() => {
    const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) =>
      c && c.video ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : real(c);
  });
  await nocam.page.goto(BASE + '/weekly-review', { waitUntil: 'load' });
  await nocam.page.getByRole('alert').filter({ hasText: 'No camera was found' }).waitFor({ timeout: 15000 });
  await shot(nocam, 'no-camera');
  log('landing and pre-join screens work with labels, keyboard and a phone-sized screen; no camera is explained');
}
