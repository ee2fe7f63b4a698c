// The speaker stats dialog: everyone's speaking time, longest first, updated every second while
// it is open.
import { formatDuration } from '../speaker-stats.js';
import { S } from './strings.js';

export function speakerStatsUi(features) {
  const dialog = document.getElementById('speaker-stats-dialog');
  const body = dialog.querySelector('tbody');
  let timer = null;
  const render = () => {
    body.replaceChildren(
      ...features.speakerTimes().map((p) => {
        const tr = document.createElement('tr');
        tr.dataset.id = p.id;
        const name = document.createElement('td');
        name.textContent = p.self ? `${p.name || S.guest} (${S.you})` : p.name || S.guest;
        const time = document.createElement('td');
        time.className = 'time';
        time.dataset.ms = String(p.ms);
        time.textContent = formatDuration(p.ms);
        tr.append(name, time);
        return tr;
      }),
    );
  };
  const close = () => {
    clearInterval(timer);
    timer = null;
    dialog.close();
  };
  document.getElementById('btn-stats').onclick = () => {
    render();
    clearInterval(timer);
    timer = setInterval(render, 1000);
    dialog.showModal();
  };
  document.getElementById('speaker-stats-close').onclick = close;
  dialog.addEventListener('close', () => clearInterval(timer));
}
