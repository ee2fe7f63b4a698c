// The translation tables (app/lang/) and the language choice (app/js/i18n.js): every language has
// exactly English's keys and placeholders, every key the app looks up exists, the pages' text is
// marked for translation, and the precedence is Jitsi's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGUAGES, t, missing, chooseLanguage, languageCode, htmlLang, setLanguage, language, TRANSLATED_ATTRIBUTES } from '../app/js/i18n.js';
import { ordinal, S, AV } from '../app/js/ui/strings.js';
import { L } from '../app/js/ui/lobby.js';
import { roomName } from '../app/js/room-name.js';

const APP = fileURLToPath(new URL('../app/', import.meta.url));
const en = (await import('../app/lang/en.js')).default;
const placeholders = (text) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

/** Differences between a table and English: what is missing, extra, or has other placeholders. */
export function tableProblems(table, reference = en) {
  const problems = [];
  for (const key of Object.keys(reference)) {
    if (!Object.hasOwn(table, key)) problems.push(`missing ${key}`);
    else if (typeof table[key] !== 'string' || !table[key].trim()) problems.push(`empty ${key}`);
    else if (placeholders(table[key]).join() !== placeholders(reference[key]).join())
      problems.push(`placeholders of ${key}: ${placeholders(table[key])} instead of ${placeholders(reference[key])}`);
  }
  for (const key of Object.keys(table)) if (!Object.hasOwn(reference, key)) problems.push(`not in English: ${key}`);
  return problems;
}

test('there is one table per language, and nothing else in app/lang', () => {
  const files = readdirSync(join(APP, 'lang')).sort();
  assert.deepEqual(files, Object.keys(LANGUAGES).map((code) => `${code}.js`).sort());
});

for (const code of Object.keys(LANGUAGES).filter((c) => c !== 'en')) {
  test(`the ${code} table has exactly the English keys, with the same placeholders`, async () => {
    const table = (await import(`../app/lang/${code}.js`)).default;
    assert.deepEqual(tableProblems(table), []);
  });
}

test('the check catches a missing key, an extra key and a lost placeholder', () => {
  const { 'app.title': _, ...missing } = en;
  assert.deepEqual(tableProblems(missing), ['missing app.title']);
  assert.deepEqual(tableProblems({ ...en, 'no.such': 'x' }), ['not in English: no.such']);
  assert.match(tableProblems({ ...en, 'meeting.joined': 'joined' })[0], /placeholders of meeting.joined/);
});

/** Every file under dir whose name ends with ext. */
function files(dir, ext) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

// The scripts of the meeting app and of the admin and organizer pages.
const appScripts = files(join(APP, 'js'), '.js');
const PAGES = ['index.html', 'admin.html', 'organizer.html'];

test('every key the scripts look up by name is in the English table', () => {
  const used = new Set();
  for (const file of appScripts) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/(?<![.\w])(?:t|tr)\(\s*'([^']+)'/g)) used.add(m[1]);
    for (const m of source.matchAll(/\bset(?:Text|Attr)\([^;]*?'([a-zA-Z]+\.[\w.]+)'/g)) used.add(m[1]);
    // a key picked by a condition: cond ? 'a.b' : 'c.d'
    for (const m of source.matchAll(/\?\s*'([a-zA-Z]+\.[\w.]+)'\s*:\s*'([a-zA-Z]+\.[\w.]+)'/g)) used.add(m[1]).add(m[2]);
  }
  assert.ok(used.size > 100, `found only ${used.size} keys: the scan is broken`);
  assert.deepEqual([...used].filter((key) => !Object.hasOwn(en, key)), []);
});

test('the word lists of the moderation, lobby and A/V controls read existing keys', () => {
  const read = (value) => (typeof value === 'function' ? value('Ann', 2) : value);
  missing.clear();
  for (const words of [S, L]) for (const name of Object.keys(words)) assert.equal(typeof read(words[name]), 'string', name);
  for (const name of Object.keys(AV)) {
    const entry = AV[name];
    if (typeof entry === 'string') continue;
    for (const media of ['audio', 'video']) assert.equal(typeof read(entry[media]), 'string', `${name}.${media}`);
  }
  assert.ok(Object.keys(S).length > 50);
  assert.deepEqual([...missing], []);
  t('no.such.key');
  assert.deepEqual([...missing], ['no.such.key'], 'a missing key is noticed');
  missing.clear();
});

/**
 * The text and translatable attributes in an HTML page that are not marked for translation: text
 * with a letter in it must sit directly in an element with data-i18n, and aria-label, title,
 * placeholder and alt need a data-i18n-<attribute> next to them.
 */
export function unmarked(html) {
  const problems = [];
  const stack = [];
  const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
  const tokens = html.replace(/<!--[\s\S]*?-->/g, '').split(/(<[^>]+>)/);
  for (const token of tokens) {
    if (!token) continue;
    const tag = token.match(/^<(\/?)([a-zA-Z][\w-]*)([\s\S]*?)\/?>$/);
    if (!tag) {
      if (token.startsWith('<')) continue; // <!doctype>
      const top = stack.at(-1);
      if (top && (top.name === 'script' || top.name === 'style')) continue;
      if (/\p{L}/u.test(token) && !(top && /\sdata-i18n=/.test(top.attrs)))
        problems.push(`text "${token.trim()}" in <${top?.name}${top?.id ? '#' + top.id : ''}>`);
      continue;
    }
    const [, close, rawName, attrs] = tag;
    const name = rawName.toLowerCase();
    if (close) {
      while (stack.length && stack.pop().name !== name);
      continue;
    }
    const id = attrs.match(/\sid="([^"]*)"/)?.[1];
    for (const attribute of TRANSLATED_ATTRIBUTES) {
      const value = attrs.match(new RegExp(`\\s${attribute}="([^"]*)"`))?.[1];
      if (value && /\p{L}/u.test(value) && !new RegExp(`\\sdata-i18n-${attribute}="`).test(attrs))
        problems.push(`${attribute}="${value}" on <${name}${id ? '#' + id : ''}>`);
    }
    if (!VOID.has(name) && !token.endsWith('/>')) stack.push({ name, attrs, id });
  }
  return problems;
}

test('every text and label in the pages is marked for translation', () => {
  assert.deepEqual(readdirSync(APP).filter((f) => f.endsWith('.html')).sort(), [...PAGES].sort(), 'a new page joins PAGES');
  for (const page of PAGES) assert.deepEqual(unmarked(readFileSync(join(APP, page), 'utf8')), [], page);
});

test('the page check catches unmarked text and labels', () => {
  assert.deepEqual(unmarked('<p data-i18n="a.b">Hi</p><p>Hello <b data-i18n="c.d">you</b></p>'), ['text "Hello" in <p>']);
  assert.deepEqual(unmarked('<button aria-label="Close">×</button>'), ['aria-label="Close" on <button>']);
  assert.deepEqual(unmarked('<input placeholder="Name" data-i18n-placeholder="x.y"><script>var a = "text";</script>'), []);
});

test('every key the pages mark is in the English table', () => {
  const html = PAGES.map((page) => readFileSync(join(APP, page), 'utf8')).join('');
  const keys = [...html.matchAll(/\sdata-i18n(?:-[\w-]+)?="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(keys.length > 100);
  assert.deepEqual(keys.filter((key) => !Object.hasOwn(en, key)), []);
});

/** The string literals in a script that read as English for people: two words or more, capitalized. */
export function englishSentences(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  return [...code.matchAll(/(['`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2]).filter((text) => /^[A-Z][a-z']+(\s+[a-z'’]+)+/.test(text));
}

test('sentences in the scripts go through the table', () => {
  // What is sent on the wire, not shown by us: the reasons a kick and an ended meeting carry.
  const WIRE = ['You have been removed from the meeting.', 'The meeting was ended by a moderator'];
  // The IFrame API's errorOccurred messages are for the embedding page's developer, in English
  // as Jitsi's are; the embedding page shows its users what it likes.
  const FOR_DEVELOPERS = 'js/embed/';
  const found = appScripts.flatMap((file) =>
    englishSentences(readFileSync(file, 'utf8'))
      .filter((text) => !WIRE.includes(text) && !file.slice(APP.length).startsWith(FOR_DEVELOPERS))
      .map((text) => `${file.slice(APP.length)}: ${text}`),
  );
  assert.deepEqual(found, []);
  assert.deepEqual(englishSentences("// Not this\nnotify('ok', `Invite link: ${link}`); t('a.b'); const x = 'Send';"), ['Invite link: ${link}']);
});

test('t fills in placeholders and falls back to English, then to the key', async () => {
  assert.equal(t('meeting.joined', { name: 'Ann' }), 'Ann joined.');
  assert.equal(t('no.such.key'), 'no.such.key');
  assert.equal(await setLanguage('ru'), 'ru');
  assert.equal(language(), 'ru');
  assert.equal(t('meeting.joined', { name: 'Аня' }), 'Аня присоединяется.');
  assert.equal(ordinal(2), '2-й');
  assert.equal(await setLanguage('zhCN'), 'zhCN');
  assert.equal(t('toolbar.participantsCount', { n: 3 }), '参会者（3）');
  assert.equal(await setLanguage('xx'), 'en', 'an unknown language is English');
  assert.equal(t('toolbar.participantsCount', { n: 3 }), 'Participants (3)');
  assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
});

test('language tags map to the tables by Jitsi codes', () => {
  assert.equal(languageCode('ru-RU'), 'ru');
  assert.equal(languageCode('RU'), 'ru');
  assert.equal(languageCode('zh-CN'), 'zhCN');
  assert.equal(languageCode('zh_CN'), 'zhCN');
  assert.equal(languageCode('zhCN'), 'zhCN');
  assert.equal(languageCode('zh-Hans-CN'), 'zhCN');
  assert.equal(languageCode('zh'), 'zhCN');
  assert.equal(languageCode('zh-TW'), null, 'traditional Chinese is not simplified');
  assert.equal(languageCode('zh-Hant'), null);
  assert.equal(languageCode('en-GB'), 'en');
  assert.equal(languageCode('de-DE'), null);
  assert.equal(languageCode(''), null);
  assert.equal(languageCode(undefined), null);
  assert.equal(htmlLang('zhCN'), 'zh-CN');
  assert.equal(htmlLang('ru'), 'ru');
});

test("the precedence is Jitsi's: the user's choice, the browser, the configured default, English", () => {
  const browser = ['de-DE', 'ru-RU', 'en-US'];
  assert.equal(chooseLanguage({ stored: 'zhCN', browser, defaultLanguage: 'en' }), 'zhCN');
  assert.equal(chooseLanguage({ stored: null, browser, defaultLanguage: 'zhCN' }), 'ru', 'the first browser language with a table');
  assert.equal(chooseLanguage({ stored: null, browser, detection: false, defaultLanguage: 'zhCN' }), 'zhCN');
  assert.equal(chooseLanguage({ stored: 'klingon', browser: ['de'], defaultLanguage: 'ru' }), 'ru', 'a stored code with no table is ignored');
  assert.equal(chooseLanguage({ browser: ['de'], defaultLanguage: 'fr' }), 'en');
  assert.equal(chooseLanguage(), 'en');
});

test('room names in any script: lower case, composed, letters and digits first', () => {
  assert.equal(roomName('会议室'), '会议室');
  assert.equal(roomName(' Планёрка '), 'планёрка');
  assert.equal(roomName('план\u0435\u0308рка'), 'планёрка', 'a combining diaeresis composes to ё');
  assert.equal(roomName('Team-Sync_2'), 'team-sync_2');
  assert.equal(roomName('مؤتمر'), 'مؤتمر');
  for (const bad of ['', '-x', 'a b', 'a/b', 'a@b', 'x'.repeat(81), "it's", '会议室?'])
    assert.equal(roomName(bad), null, JSON.stringify(bad));
});
