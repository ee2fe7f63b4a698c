// Accounts, the organizer page and the audit log: in a real meeting the owner sets a room password;
// the admin (made at start from HUDDLE_ADMIN_USER) logs in on /admin.html after one wrong try and
// adds an organizer; the organizer logs in on /organizer.html and schedules a meeting, which shows
// its link; the admin then sees that meeting and, in the audit log, the password set (by the
// owner's occupant JID), the organizer's login, the scheduling and the account change.
import { participant, join, joined, shot, BASE, log } from '../lib.mjs';

const ADMIN = process.env.HUDDLE_E2E_ADMIN_USER;
const ADMIN_PASSWORD = process.env.HUDDLE_E2E_ADMIN_PASSWORD;

/** Polls `fn` (in the page) until it returns something truthy; fails after `seconds`. */
async function until(p, description, fn, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await p.page.evaluate(fn).catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) {
      await shot(p, `timeout-${description.replace(/\W+/g, '-')}`);
      throw new Error(`${p.name}: timed out waiting until ${description}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function local(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export async function run() {
  if (!ADMIN || !ADMIN_PASSWORD) throw new Error('HUDDLE_E2E_ADMIN_USER/PASSWORD are not set (MeetingInBrowserIT sets them)');
  const room = `audited-e2e${Date.now().toString(36)}`;
  const planned = `planned-e2e${Date.now().toString(36)}`;

  const ann = await participant('ann');
  await join(ann, room);
  await joined(ann);
  await ann.page.getByRole('button', { name: 'Room password' }).click();
  const dialog = ann.page.getByRole('dialog', { name: 'Room password' });
  await dialog.getByLabel('New password').fill('for a minute');
  await dialog.getByRole('button', { name: 'Set password' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Joiners need a password.' }).waitFor({ timeout: 10000 });

  const admin = await participant('admin');
  await admin.page.goto(BASE + '/admin.html', { waitUntil: 'load' });
  await admin.page.getByLabel('Name', { exact: true }).fill(ADMIN);
  await admin.page.getByLabel('Password', { exact: true }).fill('not the password');
  await admin.page.getByRole('button', { name: 'Log in' }).click();
  await admin.page.getByRole('alert').filter({ hasText: '401' }).waitFor({ timeout: 10000 });
  await admin.page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await admin.page.getByRole('button', { name: 'Log in' }).click();
  await until(admin, 'the records are shown', () => window.huddleAdmin.loaded === true);
  const added = await admin.page.evaluate(async () => {
    const r = await fetch('/api/accounts/olga', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password: 'olga organizes things', role: 'organizer', email: 'olga@example.org' }),
    });
    return r.status;
  });
  if (added !== 201 && added !== 200) throw new Error(`adding the organizer answered ${added}`);

  const olga = await participant('olga');
  const { page } = olga;
  await page.goto(BASE + '/organizer.html', { waitUntil: 'load' });
  await page.getByLabel('Name', { exact: true }).fill('olga');
  await page.getByLabel('Password', { exact: true }).fill('olga organizes things');
  await page.getByRole('button', { name: 'Log in' }).click();
  await until(olga, 'the organizer page is shown', () => window.huddleOrganizer.loaded === true);
  const begin = new Date(Date.now() + 2 * 3600_000);
  await page.getByLabel('Room', { exact: true }).fill(planned);
  await page.getByLabel('Title', { exact: true }).fill('Quarterly review');
  await page.getByLabel('Start', { exact: true }).fill(local(begin));
  await page.getByLabel('End', { exact: true }).fill(local(new Date(begin.getTime() + 3600_000)));
  await page.getByLabel(/Invitees/).fill('guest@example.org');
  await page.getByRole('button', { name: 'Schedule', exact: true }).click();
  const row = page.locator('#scheduled-table tbody tr').filter({ hasText: planned });
  await row.waitFor({ timeout: 15000 });
  const link = await row.getByRole('link').textContent();
  if (!link.endsWith(`/${planned}`)) throw new Error(`the meeting's link is ${link}`);
  if (!(await row.textContent()).includes('olga@example.org')) throw new Error('olga is not the organizer');
  await shot(olga, 'scheduled');

  const scheduled = await admin.page.evaluate(async () => (await (await fetch('/api/schedule')).json()).scheduled);
  if (!scheduled.some((m) => m.room === planned && m.organizer === 'olga@example.org')) {
    throw new Error(`the admin does not see ${planned}: ${JSON.stringify(scheduled)}`);
  }
  const want = [
    (a) => a.action === 'PASSWORD_SET' && a.room.startsWith(`${room}@`) && a.actor.startsWith(`${room}@`),
    (a) => a.action === 'LOGIN_FAILED' && a.actor === ADMIN,
    (a) => a.action === 'ACCOUNT_CHANGED' && a.actor === ADMIN && a.target === 'olga',
    (a) => a.action === 'LOGIN' && a.actor === 'olga',
    (a) => a.action === 'SCHEDULE_CREATED' && a.actor === 'olga' && a.room.startsWith(`${planned}@`),
  ];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const audit = await admin.page.evaluate(async () => (await (await fetch('/api/audit?limit=500')).json()).audit);
    const missing = want.filter((w) => !audit.some(w));
    if (!missing.length) break;
    if (Date.now() > deadline) {
      throw new Error(`the audit log lacks ${missing.length} entries: ${JSON.stringify(audit.slice(0, 20))}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await admin.page.reload({ waitUntil: 'load' });
  await until(admin, 'the records are shown again (the session survives a reload)', () => window.huddleAdmin.loaded === true);
  const actions = await admin.page.locator('#audit-table tbody tr td:nth-child(3)').allTextContents();
  for (const a of ['PASSWORD_SET', 'SCHEDULE_CREATED', 'LOGIN']) {
    if (!actions.includes(a)) throw new Error(`the audit table lacks ${a}: ${actions}`);
  }
  await shot(admin, 'audit');
  log(`accounts: olga scheduled ${planned}; the admin sees it and ${actions.length} audit entries`);
}
