// Replays the Jingle -> SDP corpus in test/corpus/jingle-sdp through the properties of
// jingle-sdp-properties.mjs, with cuts and line breaks the fuzzer would try (docs/fuzzing.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { checkOffer } from './jingle-sdp-properties.mjs';

const dir = new URL('./corpus/jingle-sdp/', import.meta.url);
const corpus = readdirSync(dir).map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]);

test('every corpus offer becomes SDP that keeps its properties', () => {
  assert.ok(corpus.length > 0);
  for (const [name, text] of corpus) assert.ok(checkOffer(text), name);
});

test('every prefix of a corpus offer is refused or keeps the properties', () => {
  for (const [, text] of corpus) for (let n = 0; n <= text.length; n += 7) checkOffer(text.slice(0, n));
});

test("a relayed source's owner with a line break cannot start an SDP line", () => {
  const [, offer] = corpus.find(([f]) => f === 'jicofo-shaped-offer.xml');
  const evil = offer.replace("owner='b7c8d9e0'", "owner='b7c8d9e0\r\na=injected:1'");
  assert.notEqual(evil, offer);
  const sdp = checkOffer(evil);
  assert.ok(!sdp.includes('\r\na=injected'));
});
