// The admin's records page: usage per day, meetings, one meeting's participants over time, and
// the audit log, read from /api/ with the admin token (kept for this tab only) or an admin
// account's login.
import { presenceSeries, filterQuery, minutes, mediaRows } from './records.js';
import { cell, errorLine } from './dom.js';
import { api as call, useToken, login, logout, me } from './api.js';
import { t, setLanguage, pageLanguage } from '../i18n.js';

const $ = (id) => document.getElementById(id);
let charts = {};
// The page's language, chosen as the meeting page's is (../i18n.js).
await setLanguage(pageLanguage(window.config));

function api(path, accept = 'application/json') {
  return call(path, { accept });
}

const showError = errorLine('admin-error');

function when(iso) {
  return iso ? new Date(iso).toLocaleString(document.documentElement.lang) : '';
}

function chart(id, config) {
  charts[id]?.destroy();
  charts[id] = new window.Chart($(id), config);
  return charts[id];
}

async function download(path, name) {
  try {
    const blob = await api(path, 'text/csv');
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  } catch (e) {
    showError(e);
  }
}

async function loadStats() {
  const s = await api('/api/stats');
  $('usage-summary').textContent =
    t('admin.usageSummary', { meetings: s.meetings, minutes: s.participantMinutes, peak: s.peakConcurrency });
  chart('meetings-per-day', {
    type: 'bar',
    data: {
      labels: s.days.map((d) => d.date),
      datasets: [{ label: t('admin.meetingsPerDay'), data: s.days.map((d) => d.meetings) }],
    },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

function meetingQuery() {
  return filterQuery({ room: $('filter-room').value, from: $('filter-from').value, to: $('filter-to').value });
}

async function loadMeetings() {
  const q = meetingQuery();
  const { meetings } = await api(`/api/meetings${q ? '?' + q : ''}`);
  const body = $('meetings-table').querySelector('tbody');
  body.replaceChildren();
  for (const m of meetings) {
    const row = document.createElement('tr');
    cell(row, m.room);
    cell(row, when(m.started));
    cell(row, m.ended ? when(m.ended) : t('admin.running'));
    cell(row, m.peakParticipants);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t('admin.details');
    b.addEventListener('click', () => loadMeeting(m.id).catch(showError));
    cell(row, '').append(b);
    body.append(row);
  }
}

async function loadMeeting(id) {
  const m = await api(`/api/meetings/${encodeURIComponent(id)}`);
  $('meeting-detail').hidden = false;
  $('detail-title').textContent = `${m.room}, ${when(m.started)}`;
  $('meeting-detail').dataset.id = m.id;
  const body = $('participants-table').querySelector('tbody');
  body.replaceChildren();
  for (const p of m.participants) {
    const row = document.createElement('tr');
    cell(row, p.name || p.endpoint);
    cell(row, p.client);
    cell(row, when(p.joined));
    cell(row, p.left ? when(p.left) : t('admin.stillIn'));
    cell(row, minutes(p.seconds));
    body.append(row);
  }
  const media = $('media-table').querySelector('tbody');
  media.replaceChildren();
  for (const r of mediaRows(m.media || [], m.participants)) {
    const row = document.createElement('tr');
    cell(row, r.who);
    cell(row, String(r.received));
    cell(row, `${r.lost} (${r.lossPercent} %)`);
    cell(row, String(r.kbps));
    cell(row, String(r.switches));
    media.append(row);
  }
  $('media-none').hidden = (m.media || []).length > 0;
  const list = $('timeline');
  list.replaceChildren();
  for (const t of m.timeline) {
    const li = document.createElement('li');
    li.textContent = `${when(t.at)}: ${t.event} ${t.who || ''}${t.target ? ' → ' + t.target : ''}`;
    list.append(li);
  }
  const series = presenceSeries(m.participants);
  chart('participants-over-time', {
    type: 'line',
    data: {
      labels: series.map((p) => new Date(p.x).toLocaleTimeString()),
      datasets: [{ label: t('admin.participants'), data: series.map((p) => p.y), stepped: true }],
    },
    options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  window.huddleAdmin.meeting = m;
}

async function loadAudit() {
  const { audit } = await api('/api/audit?limit=200');
  const body = $('audit-table').querySelector('tbody');
  body.replaceChildren();
  for (const a of audit) {
    const row = document.createElement('tr');
    cell(row, when(a.at));
    cell(row, a.room);
    cell(row, a.action);
    cell(row, a.actor);
    cell(row, a.target);
    body.append(row);
  }
}

async function loadAll() {
  showError(null);
  try {
    await Promise.all([loadStats(), loadMeetings(), loadAudit()]);
    $('admin-main').hidden = false;
    window.huddleAdmin.loaded = true;
  } catch (e) {
    showError(e);
  }
}

window.huddleAdmin = { loaded: false, meeting: null };
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  useToken($('admin-token').value);
  loadAll();
});
$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const who = await login($('login-name').value, $('login-password').value);
    $('login-password').value = '';
    if (who.role !== 'admin') {
      showError(new Error(t('admin.isOrganizer', { name: who.name })));
      return;
    }
    loggedIn(who);
  } catch (err) {
    showError(err);
  }
});
$('logout').addEventListener('click', async () => {
  await logout();
  location.reload();
});
$('meeting-filter').addEventListener('submit', (e) => {
  e.preventDefault();
  loadMeetings().catch(showError);
});
$('meetings-csv').addEventListener('click', () => {
  const q = meetingQuery();
  download(`/api/meetings?format=csv${q ? '&' + q : ''}`, 'huddle-meetings.csv');
});
$('participants-csv').addEventListener('click', () => {
  const id = $('meeting-detail').dataset.id;
  download(`/api/meetings/${encodeURIComponent(id)}/participants?format=csv`, `huddle-participants-${id}.csv`);
});
$('audit-csv').addEventListener('click', () => download('/api/audit?format=csv', 'huddle-audit.csv'));
/** An admin is in (by login, or by a session from before a reload): the forms give way. */
function loggedIn(who) {
  $('admin-who').textContent = t('admin.loggedInAs', { name: who.name });
  for (const id of ['login-form', 'admin-or', 'token-form']) $(id).hidden = true;
  $('admin-session').hidden = false;
  loadAll();
}

me().then((who) => {
  if (who && who.role === 'admin') loggedIn(who);
}, showError);
