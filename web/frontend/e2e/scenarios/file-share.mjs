// A file shared in the chat (docs/records.md "Files"): Alice attaches a file with the chat's
// attach button (an XEP-0363 slot from upload.<domain>, a PUT to the web role, a groupchat message
// with the link), Bob sees it as a link named after the file, and what he downloads from it is
// byte for byte what Alice shared.
import { randomBytes } from 'node:crypto';
import { participant, join, joined, waitFor, shot, log } from '../lib.mjs';

export async function run() {
  const room = 'file-sharing';
  const alice = await participant('alice');
  const bob = await participant('bob');
  await join(alice, room);
  await join(bob, room);
  for (const p of [alice, bob]) await joined(p);

  const bytes = randomBytes(150_000);
  await alice.page.getByRole('button', { name: /^Chat/ }).click();
  const [chooser] = await Promise.all([
    alice.page.waitForEvent('filechooser'),
    alice.page.getByRole('button', { name: 'Share file' }).click(),
  ]);
  await chooser.setFiles({ name: 'Q3 figures.pdf', mimeType: 'application/pdf', buffer: bytes });
  await waitFor(alice, 'her own file message shows', () => [...document.querySelectorAll('#chat-log a.file')].some((a) => a.textContent === 'Q3 figures.pdf'));

  await bob.page.getByRole('button', { name: /^Chat/ }).click();
  await waitFor(bob, "Alice's file shows as a link", () => [...document.querySelectorAll('#chat-log a.file')].some((a) => a.textContent === 'Q3 figures.pdf'));
  await shot(bob, 'file-link');
  const fetched = await bob.page.evaluate(async () => {
    const a = [...document.querySelectorAll('#chat-log a.file')].find((x) => x.textContent === 'Q3 figures.pdf');
    const r = await fetch(a.href);
    const buf = new Uint8Array(await r.arrayBuffer());
    let bin = '';
    for (const b of buf) bin += String.fromCharCode(b);
    return { status: r.status, type: r.headers.get('content-type'), href: a.href, base64: btoa(bin) };
  });
  if (fetched.status !== 200) throw new Error(`the download answered HTTP ${fetched.status}`);
  if (fetched.base64 !== bytes.toString('base64')) throw new Error(`the downloaded bytes differ from the shared ones (${fetched.href})`);
  log(`file: ${bytes.length} bytes shared by alice came back to bob byte for byte from ${fetched.href} as ${fetched.type}`);
}
