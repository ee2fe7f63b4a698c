// Signing in (huddle all with ENABLE_AUTH=1, ENABLE_GUESTS=1 and the account alice / HUDDLE_E2E_HOST_PASSWORD):
// a guest who opens a meeting before its host waits on the "waiting for the host" page; the host arrives as a
// guest too, signs in from that page (a wrong password is refused in the dialog), and goes in; the guest then
// goes in by itself. A public room needs nobody to sign in.
import { participant, join, joined, waitFor, shot, log } from '../lib.mjs';

const PASSWORD = process.env.HUDDLE_E2E_HOST_PASSWORD || 'alice-pw-1';

export async function run() {
  const room = `sync-e2e${Date.now().toString(36)}`;

  const guest = await participant('guest');
  await join(guest, room);
  await waitFor(guest, 'the guest waits for the host', () => window.huddle.state === 'waiting-for-host');
  await guest.page.getByRole('heading', { name: 'Waiting for the host' }).waitFor({ timeout: 5000 });
  await guest.page.getByRole('status').filter({ hasText: 'starts when its host joins' }).waitFor({ timeout: 5000 });
  await shot(guest, 'waiting-for-the-host');

  const host = await participant('alice');
  await join(host, room);
  await waitFor(host, 'the host, not signed in yet, waits too', () => window.huddle.state === 'waiting-for-host');
  await host.page.getByRole('button', { name: 'I am the host: sign in' }).click();
  const dialog = host.page.getByRole('dialog', { name: 'Sign in' });
  await dialog.waitFor({ timeout: 5000 });
  await dialog.getByLabel('User name').fill('alice');
  await dialog.getByLabel('Your password').fill('not her password');
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'That user name or password is wrong.' }).waitFor({ timeout: 20000 });
  await shot(host, 'wrong-password');
  await dialog.getByLabel('Your password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await joined(host);
  await waitFor(host, 'the host logged in with her account', () => window.huddle.conference.xmpp.jid.startsWith('alice@'));
  await shot(host, 'host-in');

  await joined(guest);
  await waitFor(guest, 'the guest went in by itself and sees the host', () =>
    [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('alice')),
  );
  await waitFor(guest, 'the waiting page is gone', () => document.getElementById('waiting').hidden);
  const steps = await guest.page.evaluate(() => window.huddle.accessSteps);
  if (steps[0] !== 'waiting-for-host' || steps.at(-1) !== 'join') throw new Error(`the guest went through ${steps}`);
  await shot(guest, 'guest-in');

  const visitor = await participant('visitor');
  await join(visitor, 'daily-standup');
  await joined(visitor);
  await waitFor(visitor, 'nobody waited in the public room', () => window.huddle.accessSteps.join() === 'join');
  await shot(visitor, 'public-room');
  log('signing in: the guest waited, the host signed in (a wrong password refused), the guest went in by itself; the public room opened at once');
}
