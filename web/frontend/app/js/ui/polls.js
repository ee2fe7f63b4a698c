// The polls panel: the meeting's polls, each with its answers to vote on until we voted, then the
// results (votes per answer, share of the voters, who chose it); and the form to start a poll.
import { pollProblem } from '../xmpp/polls.js';
import { notify } from './notify.js';
import { S } from './strings.js';
import { setAttr } from '../i18n.js';

const START_ANSWERS = 2;
const MAX_ANSWERS = 10;

export function pollsUi(features, me, nameOf) {
  const panel = document.getElementById('polls-panel');
  const button = document.getElementById('btn-polls');
  const badge = document.getElementById('polls-unread');
  const list = document.getElementById('polls-list');
  const form = document.getElementById('poll-form');
  const question = document.getElementById('poll-question');
  const answers = document.getElementById('poll-answers');
  const error = document.getElementById('poll-error');
  let unread = 0;

  const addAnswer = () => {
    if (answers.querySelectorAll('input').length >= MAX_ANSWERS) return;
    const n = answers.querySelectorAll('input').length + 1;
    const input = document.createElement('input');
    input.maxLength = 200;
    input.autocomplete = 'off';
    input.className = 'poll-answer';
    setAttr(input, 'aria-label', 'polls.answer', { n });
    answers.append(input);
    return input;
  };
  const resetForm = () => {
    question.value = '';
    answers.querySelectorAll('input').forEach((i) => i.remove());
    for (let i = 0; i < START_ANSWERS; i++) addAnswer();
    error.hidden = true;
  };
  resetForm();
  document.getElementById('poll-add-answer').onclick = () => addAnswer()?.focus();
  form.onsubmit = (e) => {
    e.preventDefault();
    const texts = [...answers.querySelectorAll('input')].map((i) => i.value);
    const problem = pollProblem(question.value, texts);
    if (problem) {
      error.textContent = problem;
      error.hidden = false;
      return;
    }
    features.createPoll(question.value, texts);
    resetForm();
  };

  const toggle = (open = panel.hidden) => {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      unread = 0;
      badge.hidden = true;
    }
  };
  button.onclick = () => toggle();

  const render = () => {
    list.replaceChildren(...[...features.polls.polls.values()].map((p) => item(p)));
  };
  const item = (poll) => {
    const li = document.createElement('li');
    li.dataset.pollId = poll.id;
    const q = document.createElement('div');
    q.className = 'question';
    q.textContent = poll.question;
    const by = document.createElement('div');
    by.className = 'hint';
    by.textContent = S.pollBy(poll.senderName || nameOf(poll.senderId));
    li.append(q, by);
    if (!features.polls.voted(poll.id, me())) {
      const choices = poll.answers.map((a, i) => {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.dataset.index = String(i);
        label.append(box, document.createTextNode(a.name));
        li.append(label);
        return box;
      });
      const vote = document.createElement('button');
      vote.type = 'button';
      vote.className = 'vote';
      vote.textContent = S.vote;
      vote.onclick = () => {
        if (choices.some((c) => c.checked)) features.vote(poll.id, choices.map((c) => c.checked));
      };
      li.append(vote);
      return li;
    }
    const results = features.polls.results(poll.id);
    for (const a of results.answers) {
      const row = document.createElement('div');
      row.className = 'result';
      row.dataset.votes = String(a.votes);
      const name = document.createElement('span');
      name.textContent = a.name;
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = `${a.percent}% (${S.pollResults(a.votes, results.total)})`;
      const bar = document.createElement('div');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = `${a.percent}%`;
      bar.append(fill);
      row.title = a.names.join(', ');
      row.append(name, count, bar);
      li.append(row);
    }
    return li;
  };
  features.addEventListener('polls', (e) => {
    render();
    if (e.detail.type === 'new-poll' && e.detail.nick !== me()) {
      notify('ok', S.newPoll(nameOf(e.detail.nick)));
      if (panel.hidden) {
        unread++;
        badge.textContent = String(unread);
        badge.hidden = false;
      }
    }
  });
  render();
  return { toggle, render };
}
