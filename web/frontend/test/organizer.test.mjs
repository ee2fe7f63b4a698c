import { test } from 'node:test';
import assert from 'node:assert/strict';
import { invitees, plan, instant } from '../app/js/admin/schedule.js';

test('invitees are split on lines, commas, semicolons and spaces, once each', () => {
  assert.deepEqual(invitees('a@x.org\nb@y.org, c@z.org;a@x.org  '), ['a@x.org', 'b@y.org', 'c@z.org']);
  assert.deepEqual(invitees(''), []);
});

test('the plan carries ISO instants, a lower-case room and a trimmed title', () => {
  const p = plan({ room: ' Review ', title: ' Q4 ', begin: '2026-12-08T09:00', end: '2026-12-08T10:00', invitees: 'a@x.org' });
  assert.equal(p.room, 'review');
  assert.equal(p.title, 'Q4');
  assert.equal(new Date(p.end) - new Date(p.begin), 3_600_000);
  assert.match(p.begin, /^2026-12-0\dT\d\d:00:00\.000Z$/);
  assert.deepEqual(p.invitees, ['a@x.org']);
});

test('an empty or bad time is empty, so the API names the field', () => {
  assert.equal(instant(''), '');
  assert.equal(instant('not a time'), '');
});
