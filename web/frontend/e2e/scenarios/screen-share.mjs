// A screen share appears at the others: a tile of kind "screen" whose frames keep decoding.
import { participant, join, joined, waitFor, shot, awaitMediaFrom, log } from '../lib.mjs';

export async function run() {
  const room = 'weekly-review';
  const sharer = await participant('sharer');
  const viewer = await participant('viewer');
  await join(sharer, room);
  await joined(sharer);
  await join(viewer, room);
  await joined(viewer);
  await awaitMediaFrom(viewer, [sharer], { what: ['video'] });
  await sharer.page.getByRole('button', { name: 'Share screen' }).click();
  await waitFor(sharer, 'sharing has started', () => document.getElementById('btn-screen').getAttribute('aria-pressed') === 'true', null, 15000);
  await waitFor(viewer, 'a screen tile appears', () => !!document.querySelector('.tile[data-kind="screen"] video')?.srcObject, null, 30000);
  await new Promise((r) => setTimeout(r, 3000));
  log('sharer sends', JSON.stringify(await sharer.page.evaluate(() => window.huddle.outboundStats())));
  await awaitMediaFrom(viewer, [sharer], { what: ['screen'] });
  await shot(sharer, 'sharing');
  await shot(viewer, 'sees-screen-share');
  await sharer.page.getByRole('button', { name: 'Stop sharing' }).click();
  await waitFor(viewer, 'the screen tile goes away', () => !document.querySelector('.tile[data-kind="screen"]'), null, 20000);
  log('screen share reached the viewer and went away when stopped');
}
