// A private- room: its first occupant is asked to set a password; until then others are told
// the room is not open; afterwards a join without the password (or with a wrong one) is refused
// and one with the right password is admitted.
import { participant, join, joined, waitFor, shot, log } from '../lib.mjs';

export async function run() {
  const room = `private-e2e${Date.now().toString(36)}`;
  const owner = await participant('owner');
  await join(owner, room);
  await waitFor(owner, 'the owner is asked to set a password', () => window.huddle.state === 'set-password');
  await owner.page.getByRole('dialog', { name: 'Set a password for this room' }).waitFor({ timeout: 5000 });
  await shot(owner, 'asked-to-set-password');

  const guest = await participant('guest');
  await join(guest, room);
  await waitFor(guest, 'the guest hears the room is not open yet', () => window.huddle.state === 'join-error:not-open');
  await guest.page.getByRole('status').filter({ hasText: 'not open yet' }).waitFor({ timeout: 5000 });
  await shot(guest, 'room-not-open-yet');
  await guest.page.getByRole('button', { name: 'Cancel' }).click();

  await owner.page.getByLabel('New password').fill('correct horse');
  await owner.page.getByRole('button', { name: 'Set password' }).click();
  await joined(owner);
  await shot(owner, 'password-set');

  await join(guest, room);
  await waitFor(guest, 'the guest is asked for the password', () => window.huddle.state === 'join-error:password');
  await guest.page.getByRole('dialog', { name: 'This meeting needs a password' }).waitFor({ timeout: 5000 });
  await shot(guest, 'asked-for-password');
  await guest.page.getByLabel('Password', { exact: true }).fill('wrong guess');
  await guest.page.getByRole('button', { name: 'Join', exact: true }).click();
  await waitFor(guest, 'a wrong password is refused', () => window.huddle.state === 'join-error:wrong-password');
  await shot(guest, 'wrong-password');
  await guest.page.getByLabel('Password', { exact: true }).fill('correct horse');
  await guest.page.getByRole('button', { name: 'Join', exact: true }).click();
  await joined(guest);
  await waitFor(owner, 'the owner sees the guest', () => [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('guest')));
  await shot(guest, 'admitted');
  log('private room: refused without the password, refused with a wrong one, admitted with the right one');
}
