import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presenceSeries, filterQuery, minutes, mediaRows } from '../app/js/admin/records.js';

test('participants over time steps up on joins and down on leaves, hand-overs never double', () => {
  const s = presenceSeries([
    { joined: '2026-12-07T08:00:00Z', left: '2026-12-07T08:10:00Z' },
    { joined: '2026-12-07T08:01:00Z', left: '2026-12-07T08:05:00Z' },
    { joined: '2026-12-07T08:05:00Z', left: null },
  ], Date.parse('2026-12-07T08:20:00Z'));
  assert.deepEqual(s.map((p) => p.y), [1, 2, 2, 1, 0]);
  assert.equal(Math.max(...s.map((p) => p.y)), 2);
  assert.equal(s[s.length - 1].x, Date.parse('2026-12-07T08:20:00Z'));
});

test('the filter leaves out empty parts and encodes the rest', () => {
  assert.equal(filterQuery({ room: ' standup ', from: '', to: '2026-12-08' }), 'room=standup&to=2026-12-08');
  assert.equal(filterQuery({ room: "x' OR 1=1", from: '', to: '' }), 'room=x%27+OR+1%3D1');
  assert.equal(filterQuery({}), '');
  assert.equal(minutes(89), 1);
});

test('media rows name the participant, give loss in percent of expected and the bitrate in kb/s', () => {
  const rows = mediaRows(
    [
      { endpoint: 'a1', packetsReceived: 997, packetsLost: 3, bitrateBps: 1_250_400, layerSwitches: 2 },
      { endpoint: 'gone', packetsReceived: 0, packetsLost: 0, bitrateBps: 0, layerSwitches: 0 },
    ],
    [{ endpoint: 'a1', name: 'Alice' }],
  );
  assert.deepEqual(rows[0], { who: 'Alice', received: 997, lost: 3, lossPercent: 0.3, kbps: 1250, switches: 2 });
  assert.equal(rows[1].who, 'gone');
  assert.equal(rows[1].lossPercent, 0);
});
