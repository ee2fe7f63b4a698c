// A private- room: its first occupant is asked to set a password; until then others are told
// the room is not open; afterwards a join without the password (or with a wrong one) is refused
// and one with the right password is admitted. The organizer then changes it from the toolbar
// (only owners see the control, and a private room offers no removal): the old one is refused,
// the new one admitted, those in stay. In a room without the prefix the organizer removes it and
// anyone joins without one.
import { participant, join, joined, waitFor, shot, log } from '../lib.mjs';

/** The owner opens the room password dialog, does `what` in it and waits until it says `done`. */
async function roomPassword(p, what, done) {
  await p.page.getByRole('button', { name: 'Room password' }).click();
  const dialog = p.page.getByRole('dialog', { name: 'Room password' });
  await what(dialog);
  await dialog.getByRole('status').filter({ hasText: done }).waitFor({ timeout: 10000 });
  return dialog;
}

const setTo = (secret) => async (dialog) => {
  await dialog.getByLabel('New password').fill(secret);
  await dialog.getByRole('button', { name: 'Set password' }).click();
};

async function typePassword(p, secret) {
  await p.page.getByLabel('Password', { exact: true }).fill(secret);
  await p.page.getByRole('button', { name: 'Join', exact: true }).click();
}

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

  await setTo('correct horse')(owner.page.getByRole('dialog', { name: 'Set a password for this room' }));
  await joined(owner);
  await shot(owner, 'password-set');

  await join(guest, room);
  await waitFor(guest, 'the guest is asked for the password', () => window.huddle.state === 'join-error:password');
  await guest.page.getByRole('dialog', { name: 'This meeting needs a password' }).waitFor({ timeout: 5000 });
  await shot(guest, 'asked-for-password');
  await typePassword(guest, 'wrong guess');
  await waitFor(guest, 'a wrong password is refused', () => window.huddle.state === 'join-error:wrong-password');
  await shot(guest, 'wrong-password');
  await typePassword(guest, 'correct horse');
  await joined(guest);
  await waitFor(owner, 'the owner sees the guest', () => [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('guest')));
  await shot(guest, 'admitted');
  log('private room: refused without the password, refused with a wrong one, admitted with the right one');

  await waitFor(guest, 'a participant has no password control', () => document.getElementById('btn-password').hidden);
  const dialog = await roomPassword(owner, setTo('battery staple'), 'Password set.');
  if (await dialog.getByRole('button', { name: 'Remove password' }).isVisible()) throw new Error('a private room offers to remove its password');
  await shot(owner, 'password-changed');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const late = await participant('late');
  await join(late, room);
  await waitFor(late, 'the late joiner is asked for the password', () => window.huddle.state === 'join-error:password');
  await typePassword(late, 'correct horse');
  await waitFor(late, 'the old password is refused', () => window.huddle.state === 'join-error:wrong-password');
  await typePassword(late, 'battery staple');
  await joined(late);
  await waitFor(guest, 'the guest is still in and sees the late joiner', () => window.huddle.state === 'joined' && [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith('late')));
  log('private room: the organizer changed the password; the old one was refused, the new one admitted');

  const open = `e2e-open${Date.now().toString(36)}`;
  await join(owner, open);
  await joined(owner);
  await waitFor(owner, 'the focus makes the organizer owner', () => !document.getElementById('btn-password').hidden);
  const openDialog = await roomPassword(owner, setTo('for a minute'), 'Joiners need a password.');
  await openDialog.getByRole('button', { name: 'Remove password' }).click();
  await openDialog.getByRole('status').filter({ hasText: 'Password removed. Anyone with the link can join' }).waitFor({ timeout: 10000 });
  await shot(owner, 'password-removed');
  await join(late, open);
  await joined(late);
  log('open room: the organizer set a password and removed it; a joiner got in without one');
}
