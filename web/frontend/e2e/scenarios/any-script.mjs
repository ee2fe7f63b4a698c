// Room names and display names in any script, end to end, with the app in the browsers' languages:
// a Russian browser types "Планёрка" on the landing page and lands on /планёрка (the address
// round-trips, lower-cased), a Chinese browser joins it, and each lists the other by name; then both
// meet in /会议室, reached through the invite link. The pages speak each browser's language (html
// lang, the Join button), and a language chosen in the settings wins over the browser's, also after
// a reload.
import { participant, waitFor, joined, shot, BASE, log } from '../lib.mjs';

/** Fills the pre-join screen by element ids (the labels are translated) and joins. */
async function joinAs(p, displayName, { button }) {
  await p.page.locator('#display-name').fill(displayName);
  await p.page.waitForFunction(() => document.getElementById('preview').srcObject !== null, null, { timeout: 15000 });
  await p.page.getByRole('button', { name: button, exact: true }).click();
  await joined(p);
}

/** Waits until p lists `name` among the participants and shows it on a tile. */
async function sees(p, name) {
  await waitFor(p, `${name} is listed and on a tile`, (n) =>
    [...document.querySelectorAll('#people-list li')].some((li) => li.textContent.startsWith(n)) &&
    [...document.querySelectorAll('#grid .tile .name')].some((el) => el.textContent === n), name);
}

async function pageState(p) {
  return p.page.evaluate(() => ({
    lang: document.documentElement.lang,
    path: decodeURIComponent(location.pathname),
    room: document.getElementById('meeting-room')?.textContent,
    heading: document.getElementById('prejoin-room')?.textContent,
  }));
}

export async function run() {
  const anya = await participant('anya', { locale: 'ru-RU' });
  const ming = await participant('ming', { locale: 'zh-CN' });

  // The landing page in Russian; a Cyrillic name typed with a capital letter.
  await anya.page.goto(BASE + '/', { waitUntil: 'load' });
  await anya.page.getByRole('heading', { name: 'Huddle' }).waitFor({ timeout: 10000 });
  await anya.page.getByRole('button', { name: 'Начать встречу' }).waitFor({ timeout: 10000 });
  if ((await pageState(anya)).lang !== 'ru') throw new Error('a Russian browser should get <html lang="ru">');
  await anya.page.getByLabel('Название встречи').fill('Планёрка');
  await anya.page.keyboard.press('Enter');
  await anya.page.waitForURL((url) => decodeURIComponent(url.pathname) === '/планёрка', { timeout: 10000 });
  await anya.page.getByRole('heading', { name: 'Вход во встречу планёрка' }).waitFor({ timeout: 10000 });
  await shot(anya, 'prejoin-ru');
  await joinAs(anya, 'Аня Петрова', { button: 'Войти во встречу' });

  // The Chinese browser opens the address as a link gives it (percent-encoded).
  await ming.page.goto(`${BASE}/${encodeURIComponent('планёрка')}`, { waitUntil: 'load' });
  await ming.page.getByRole('button', { name: '加入会议', exact: true }).waitFor({ timeout: 10000 });
  if ((await pageState(ming)).lang !== 'zh-CN') throw new Error('a Chinese browser should get <html lang="zh-CN">');
  await joinAs(ming, '王小明', { button: '加入会议' });
  await sees(anya, '王小明');
  await sees(ming, 'Аня Петрова');
  for (const p of [anya, ming]) {
    const s = await pageState(p);
    if (s.room !== 'планёрка' || s.path !== '/планёрка') throw new Error(`${p.name} shows the room as ${JSON.stringify(s)}`);
  }
  await shot(anya, 'meeting-ru');
  await shot(ming, 'meeting-zh');
  // The invite link names the room percent-encoded, and leads back to it.
  const link = await ming.page.evaluate((room) => {
    window.huddle.conference.leave();
    return `${location.origin}/${encodeURIComponent(room)}`;
  }, '会议室');
  await anya.page.evaluate(() => window.huddle.conference.leave());
  log(`both saw each other's names in /планёрка; now ${link}`);

  // The Chinese room. Anya switches the app to Chinese on the pre-join screen: her choice beats
  // her browser's Russian, at once and after a reload.
  await anya.page.goto(link, { waitUntil: 'load' });
  await anya.page.getByRole('button', { name: 'Войти во встречу' }).waitFor({ timeout: 10000 });
  await anya.page.locator('#prejoin-language').selectOption('zhCN');
  await anya.page.getByRole('button', { name: '加入会议', exact: true }).waitFor({ timeout: 10000 });
  await anya.page.reload({ waitUntil: 'load' });
  await anya.page.getByRole('button', { name: '加入会议', exact: true }).waitFor({ timeout: 10000 });
  if ((await pageState(anya)).lang !== 'zh-CN') throw new Error('the chosen language should set <html lang="zh-CN">');
  await joinAs(anya, 'Аня Петрова', { button: '加入会议' });
  await ming.page.goto(link, { waitUntil: 'load' });
  const invite = await (async () => {
    await joinAs(ming, '王小明', { button: '加入会议' });
    await ming.page.evaluate(() => navigator.clipboard.writeText(''));
    await ming.page.locator('#btn-invite').click();
    return waitFor(ming, 'the invite link is copied', () => navigator.clipboard.readText().then((t) => t || null)).then((h) => h.jsonValue());
  })();
  if (invite !== link) throw new Error(`the invite link is ${invite}, not ${link}`);
  await sees(anya, '王小明');
  await sees(ming, 'Аня Петрова');
  for (const p of [anya, ming]) {
    const s = await pageState(p);
    if (s.room !== '会议室' || s.path !== '/会议室') throw new Error(`${p.name} shows the room as ${JSON.stringify(s)}`);
  }
  const roomJid = await ming.page.evaluate(() => window.huddle.conference.roomJid);
  await shot(ming, 'meeting-zh-room');
  log(`any script: /планёрка and /会议室 (${roomJid}) round-trip, names show at both, languages follow browser and choice`);
}
