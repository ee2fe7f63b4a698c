// The organizer's page: log in, list my scheduled meetings, schedule one, change or cancel it.
// An organizer account sees only its own meetings (the API enforces it); an admin sees all.
import { api, login, logout, me } from './api.js';
import { plan, localInput } from './schedule.js';
import { cell, errorLine } from './dom.js';
import { t, setText, setLanguage, pageLanguage } from '../i18n.js';

const $ = (id) => document.getElementById(id);
// The page's language, chosen as the meeting page's is (../i18n.js).
await setLanguage(pageLanguage(window.config));

const showError = errorLine('organizer-error');

function when(iso) {
  return new Date(iso).toLocaleString(document.documentElement.lang);
}

function button(text, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}

function edit(m) {
  const form = $('schedule-form');
  form.dataset.id = m.id;
  $('room').value = m.room;
  $('title').value = m.title;
  $('begin').value = localInput(m.begin);
  $('end').value = localInput(m.end);
  $('invitees').value = m.invitees.join('\n');
  setText($('schedule-submit'), 'organizer.save');
  $('schedule-new').hidden = false;
}

function reset() {
  const form = $('schedule-form');
  form.reset();
  delete form.dataset.id;
  setText($('schedule-submit'), 'organizer.submit');
  $('schedule-new').hidden = true;
}

async function cancel(m) {
  if (!confirm(t('organizer.confirmCancel', { title: m.title }))) return;
  await api(`/api/schedule/${encodeURIComponent(m.id)}`, { method: 'DELETE' });
  await loadMeetings();
}

async function loadMeetings() {
  const from = new Date(Date.now() - 7 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const { scheduled } = await api(`/api/schedule?from=${from}&to=${to}`);
  const body = $('scheduled-table').querySelector('tbody');
  body.replaceChildren();
  for (const m of scheduled) {
    const row = document.createElement('tr');
    row.dataset.room = m.room;
    cell(row, m.title);
    cell(row, m.room);
    cell(row, when(m.begin));
    cell(row, when(m.end));
    cell(row, m.organizer);
    const link = document.createElement('a');
    link.href = m.link;
    link.textContent = m.link;
    cell(row, '').append(link);
    const actions = cell(row, m.cancelled ? t('organizer.cancelled') : '');
    if (!m.cancelled) {
      actions.append(button(t('organizer.edit'), () => edit(m)));
      actions.append(button(t('organizer.cancel'), () => cancel(m).catch(showError)));
    }
    body.append(row);
  }
  window.huddleOrganizer.meetings = scheduled;
}

async function start(who) {
  $('organizer-who').textContent = t('organizer.loggedInAs', { name: who.name, role: who.role });
  $('login-form').hidden = true;
  $('organizer-session').hidden = false;
  $('organizer-main').hidden = false;
  await loadMeetings();
  window.huddleOrganizer.loaded = true;
}

window.huddleOrganizer = { loaded: false, meetings: [] };

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(null);
  try {
    const who = await login($('login-name').value, $('login-password').value);
    $('login-password').value = '';
    await start(who);
  } catch (err) {
    showError(err);
  }
});

$('schedule-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(null);
  const id = $('schedule-form').dataset.id;
  const body = plan({
    room: $('room').value,
    title: $('title').value,
    begin: $('begin').value,
    end: $('end').value,
    invitees: $('invitees').value,
  });
  try {
    const m = await api(id ? `/api/schedule/${encodeURIComponent(id)}` : '/api/schedule', {
      method: id ? 'PUT' : 'POST',
      body,
    });
    $('schedule-result').textContent = t(id ? 'organizer.changed' : 'organizer.scheduled', { title: m.title, link: m.link });
    reset();
    await loadMeetings();
  } catch (err) {
    showError(err);
  }
});
$('schedule-new').addEventListener('click', reset);
$('logout').addEventListener('click', async () => {
  await logout();
  location.reload();
});

me().then((who) => (who ? start(who) : null)).catch(showError);
