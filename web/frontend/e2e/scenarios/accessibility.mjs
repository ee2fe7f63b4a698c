// Accessibility: axe-core (npm, pinned in package.json) checks the landing page, the pre-join
// screen and the meeting page, in English and the landing and pre-join pages in Russian; any
// violation of impact "serious" or "critical" fails. Then the keyboard: Tab reaches the toolbar with
// a visible focus ring, Enter and Space work its buttons, and Escape closes a dialog.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { participant, waitFor, joined, shot, BASE, log } from '../lib.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page as it is; throws with the serious and critical violations. */
async function audit(p, where) {
  // Evaluated through the driver, so the page's Content-Security-Policy does not block it.
  await p.page.evaluate(AXE);
  const violations = await p.page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
  log(`axe on ${where}: ${bad.length} serious or critical violations${minor.length ? `; minor: ${minor.join(', ')}` : ''}`);
  if (bad.length) {
    await shot(p, `axe-${where}`);
    throw new Error(`axe on ${where}:\n${bad.map((v) => `  ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(' | ')}`).join('\n')}`);
  }
}

export async function run() {
  const en = await participant('keyboard', { locale: 'en-US' });
  const ru = await participant('russian', { locale: 'ru-RU' });
  for (const [p, start, suffix] of [[ru, 'Начать встречу', '-ru'], [en, 'Start meeting', '']]) {
    await p.page.goto(BASE + '/', { waitUntil: 'load' });
    await p.page.getByRole('button', { name: start }).waitFor({ timeout: 10000 });
    await audit(p, `landing${suffix}`);
    await p.page.goto(BASE + '/a11y-check', { waitUntil: 'load' });
    await p.page.waitForFunction(() => document.getElementById('preview').srcObject !== null, null, { timeout: 15000 });
    await audit(p, `prejoin${suffix}`);
  }
  await ru.context.close();
  for (const page of ['admin', 'organizer']) {
    await en.page.goto(`${BASE}/${page}.html`, { waitUntil: 'load' });
    await en.page.getByRole('button', { name: 'Log in' }).waitFor({ timeout: 10000 });
    await audit(en, page);
  }
  await en.page.goto(BASE + '/a11y-check', { waitUntil: 'load' });
  await en.page.waitForFunction(() => document.getElementById('preview').srcObject !== null, null, { timeout: 15000 });

  // Join from the keyboard alone: type the name, Enter submits the form.
  await en.page.locator('#display-name').focus();
  await en.page.keyboard.type('Keyboard User');
  await en.page.keyboard.press('Enter');
  await joined(en);
  await waitFor(en, 'the toolbar shows', () => !document.getElementById('meeting').hidden);
  await audit(en, 'meeting');
  // The side panels, opened from the keyboard.
  for (const id of ['btn-chat', 'btn-people', 'btn-polls']) {
    await en.page.locator(`#${id}`).focus();
    await en.page.keyboard.press('Enter');
    await waitFor(en, `#${id} opens its panel`, (b) => document.getElementById(b).getAttribute('aria-expanded') === 'true', id);
    await audit(en, `meeting-${id.slice(4)}`);
  }

  // The skip link (the page's first Tab stop) shows when focused and moves focus to the toolbar.
  const skip = await en.page.evaluate(() => {
    const link = document.querySelector('a.skip-link');
    link.focus();
    const r = link.getBoundingClientRect();
    const first = [...document.querySelectorAll('a[href], button, input, select, [tabindex]')].find((el) => el.tabIndex >= 0 && el.getClientRects().length);
    return { first: first === link, onScreen: r.width > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight };
  });
  if (!skip.first || !skip.onScreen) throw new Error(`the skip link should be the first Tab stop and show when focused: ${JSON.stringify(skip)}`);
  await en.page.keyboard.press('Enter');
  await waitFor(en, 'the skip link focuses the toolbar', () => document.activeElement?.id === 'toolbar');
  await en.page.keyboard.press('Tab');
  const focus = await en.page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { id: el.id, inToolbar: !!el.closest('#toolbar'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  if (!focus.inToolbar) throw new Error(`after the skip link, Tab should land in the toolbar, not on #${focus.id}`);
  if ((focus.outline === 'none' || !focus.width) && focus.shadow === 'none') throw new Error(`#${focus.id} shows no focus ring: ${JSON.stringify(focus)}`);
  // Enter and Space on the toolbar's buttons.
  await en.page.locator('#btn-mic').focus();
  await en.page.keyboard.press('Enter');
  await waitFor(en, 'Enter mutes', () => document.getElementById('btn-mic').getAttribute('aria-pressed') === 'true');
  await en.page.keyboard.press('Space');
  await waitFor(en, 'Space unmutes', () => document.getElementById('btn-mic').getAttribute('aria-pressed') === 'false');
  // A dialog: opened with Enter, closed with Escape, and focus goes back to its button.
  await en.page.locator('#btn-stats').focus();
  await en.page.keyboard.press('Enter');
  await waitFor(en, 'the speaker stats dialog opens', () => document.getElementById('speaker-stats-dialog').open);
  await audit(en, 'meeting-dialog');
  await en.page.keyboard.press('Escape');
  await waitFor(en, 'Escape closes it and focus returns', () => !document.getElementById('speaker-stats-dialog').open && document.activeElement?.id === 'btn-stats');
  await shot(en, 'keyboard');
  log('axe finds no serious or critical violation on the landing, pre-join and meeting pages (en, ru); the keyboard works the toolbar and a dialog');
}
