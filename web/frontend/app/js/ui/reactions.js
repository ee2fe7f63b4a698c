// Reactions: a button per Jitsi reaction in the toolbar, and the reactions anyone sends shown
// briefly over the videos with the sender's name (a polite live region).
import { REACTIONS } from '../reactions.js';
import { S } from './strings.js';

const SHOWN_MS = 4000;
const MAX_SHOWN = 8;

export function reactionsUi(features, nameOf) {
  const buttons = document.getElementById('reaction-buttons');
  const overlay = document.getElementById('reactions-overlay');
  for (const [name, emoji] of Object.entries(REACTIONS).slice(0, 5)) {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.reaction = name;
    b.textContent = emoji;
    b.setAttribute('aria-label', S.reactLabel(name));
    b.onclick = () => features.react(name);
    buttons.append(b);
  }
  features.addEventListener('reaction', (e) => {
    const { from, reactions } = e.detail;
    for (const r of reactions) {
      const item = document.createElement('div');
      item.className = 'reaction';
      item.dataset.reaction = r;
      item.dataset.from = from;
      item.textContent = S.reacted(nameOf(from), REACTIONS[r]);
      overlay.append(item);
      while (overlay.children.length > MAX_SHOWN) overlay.firstElementChild.remove();
      setTimeout(() => item.remove(), SHOWN_MS);
    }
  });
}
