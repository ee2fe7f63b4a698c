// The admin's records page: two people meet (one leaves), then the admin opens /admin.html, gives
// the admin token, and finds the meeting with both participants, a chart of participants over time
// and one of meetings per day. A wrong token is refused with the server's reason.
import { participant, join, joined, waitFor, shot, BASE, log } from '../lib.mjs';

const TOKEN = process.env.HUDDLE_E2E_ADMIN_TOKEN;

export async function run() {
  if (!TOKEN) throw new Error('HUDDLE_E2E_ADMIN_TOKEN is not set (MeetingInBrowserIT sets it)');
  const room = `records-e2e${Date.now().toString(36)}`;
  const ann = await participant('ann');
  const ben = await participant('ben');
  await join(ann, room);
  await join(ben, room);
  for (const p of [ann, ben]) await joined(p);
  await waitFor(ann, 'both are listed', () => document.getElementById('people-count').textContent === '2');
  await ben.page.getByRole('button', { name: 'Leave' }).click();
  await waitFor(ann, 'ben has left', () => document.getElementById('people-count').textContent === '1');

  const admin = await participant('admin');
  const { page } = admin;
  await page.goto(BASE + '/admin.html', { waitUntil: 'load' });
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Show records' }).click();
  await page.getByRole('alert').filter({ hasText: '401' }).waitFor({ timeout: 10000 });

  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Show records' }).click();
  await waitFor(admin, 'the records are shown', () => window.huddleAdmin.loaded === true);
  await page.getByLabel('Room').fill(room);
  await page.getByRole('button', { name: 'Filter' }).click();
  const row = page.locator('#meetings-table tbody tr').filter({ hasText: room });
  await row.waitFor({ timeout: 20000 });
  await row.getByRole('button', { name: 'Details' }).click();
  await waitFor(admin, 'the meeting shows both participants', () =>
    window.huddleAdmin.meeting && window.huddleAdmin.meeting.participants.length === 2 &&
      document.querySelectorAll('#participants-table tbody tr').length === 2);
  const names = await page.locator('#participants-table tbody tr td:first-child').allTextContents();
  for (const n of ['ann', 'ben']) {
    if (!names.some((t) => t.startsWith(n))) throw new Error(`${n} is not among the participants: ${names}`);
  }
  const clients = await page.locator('#participants-table tbody tr td:nth-child(2)').allTextContents();
  if (!clients.every((c) => c === 'huddle-web')) throw new Error(`both joined with Huddle's app, not ${clients}`);
  const charts = await page.evaluate(() =>
    ['meetings-per-day', 'participants-over-time'].map((id) => {
      const c = window.Chart.getChart(id);
      return c ? c.data.datasets[0].data : null;
    }));
  if (!charts[0] || charts[0].reduce((a, b) => a + b, 0) < 1) throw new Error('the meetings-per-day chart is empty');
  if (!charts[1] || Math.max(...charts[1]) !== 2) throw new Error(`participants over time should peak at 2: ${charts[1]}`);
  const timeline = await page.locator('#timeline li').allTextContents();
  if (timeline.filter((t) => t.includes('join')).length !== 2 || !timeline.some((t) => t.includes('leave'))) {
    throw new Error(`the timeline should show two joins and ben's leave: ${timeline}`);
  }
  await shot(admin, 'records');
  log(`admin-records: ${room} shows ${names.length} participants, peak ${Math.max(...charts[1])}`);
}
