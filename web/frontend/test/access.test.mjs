// Getting into a meeting in each auth mode: who we are, where we log in, and what the focus's
// answer makes the page do (access.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identity, loginDomain, credentialsFrom, afterFocus, WAITING_RETRY_MS } from '../app/js/access.js';

const hosts = { domain: 'meet.jitsi', muc: 'muc.meet.jitsi', focus: 'focus.meet.jitsi' };
const open = { hosts };
const internalWithGuests = { hosts: { ...hosts, anonymousdomain: 'guest.meet.jitsi' }, auth: { type: 'internal', guests: true } };
const internalNoGuests = { hosts: { ...hosts, anonymousdomain: 'guest.meet.jitsi' }, auth: { type: 'internal', guests: false } };
const jwtWithGuests = { hosts: { ...hosts, anonymousdomain: 'guest.meet.jitsi' }, auth: { type: 'jwt', guests: true } };
const jwtNoGuests = { hosts: { ...hosts, anonymousdomain: 'guest.meet.jitsi' }, auth: { type: 'jwt', guests: false } };

const notAuthorized = { error: { condition: 'not-authorized', text: 'Waiting for the host: only signed-in users start this meeting.' } };

test('who we are: a token, an account, a guest where users sign in, or anyone where nobody does', () => {
  assert.equal(identity(internalWithGuests, { token: 'eyJ' }), 'token');
  assert.equal(identity(internalWithGuests, { credentials: { jid: 'a@meet.jitsi', password: 'p' } }), 'user');
  assert.equal(identity(internalWithGuests, {}), 'guest');
  assert.equal(identity(open, {}), 'open');
});

test('guests log in on the guest domain; tokens and accounts on the main one', () => {
  assert.equal(loginDomain(internalWithGuests, 'guest'), 'guest.meet.jitsi');
  assert.equal(loginDomain(jwtWithGuests, 'token'), 'meet.jitsi', 'a token on the guest host would be ignored');
  assert.equal(loginDomain(internalNoGuests, 'user', { jid: 'alice@meet.jitsi' }), 'meet.jitsi');
  assert.equal(loginDomain(internalNoGuests, 'user', { jid: 'ops@auth.meet.jitsi' }), 'auth.meet.jitsi');
  assert.equal(loginDomain(open, 'open'), 'meet.jitsi');
});

test('a bare user name is an account on the main domain; a full address is kept', () => {
  assert.deepEqual(credentialsFrom(internalWithGuests, ' Alice ', 'pw'), { jid: 'alice@meet.jitsi', password: 'pw' });
  assert.deepEqual(credentialsFrom(internalWithGuests, 'ops@auth.meet.jitsi', 'pw'), { jid: 'ops@auth.meet.jitsi', password: 'pw' });
  assert.throws(() => credentialsFrom(internalWithGuests, '', 'pw'), /user name/);
  assert.throws(() => credentialsFrom(internalWithGuests, 'alice', ''), /password/);
  assert.throws(() => credentialsFrom(internalWithGuests, 'a b@c', 'pw'), /not valid/);
});

test('ready means join, in every mode and for everyone', () => {
  for (const config of [open, internalWithGuests, internalNoGuests, jwtWithGuests, jwtNoGuests]) {
    for (const who of ['open', 'guest', 'user', 'token']) {
      assert.equal(afterFocus(config, who, { ready: true }).state, 'join');
    }
  }
});

test('with guests, a guest refused by the focus waits for the host and asks again', () => {
  const step = afterFocus(internalWithGuests, 'guest', notAuthorized);
  assert.equal(step.state, 'waiting-for-host');
  assert.equal(step.retryMs, WAITING_RETRY_MS);
  assert.equal(step.canSignIn, true, 'the host may be the one waiting: offer a sign-in');
  assert.equal(afterFocus(jwtWithGuests, 'guest', notAuthorized).canSignIn, false, 'tokens come in the link, not a form');
});

test("while the host's meeting starts (ready='false') a guest keeps waiting; anyone else keeps asking", () => {
  assert.equal(afterFocus(internalWithGuests, 'guest', { ready: false }).state, 'waiting-for-host');
  assert.equal(afterFocus(internalWithGuests, 'user', { ready: false }).state, 'starting');
  assert.equal(afterFocus(open, 'open', { ready: false }).state, 'starting');
});

test('without guests, a refused guest is asked to sign in, or told to use the invitation link with tokens', () => {
  const signIn = afterFocus(internalNoGuests, 'guest', notAuthorized);
  assert.equal(signIn.state, 'sign-in');
  assert.match(signIn.message, /Sign in/);
  const token = afterFocus(jwtNoGuests, 'guest', notAuthorized);
  assert.equal(token.state, 'token-required');
  assert.match(token.message, /link/);
});

test('a refusal to a signed-in user is no reason to wait', () => {
  const step = afterFocus(internalWithGuests, 'user', notAuthorized);
  assert.equal(step.state, 'refused');
  assert.match(step.message, /Waiting for the host|not-authorized/);
});

test('any other failure leaves the room to chat in while media waits for the focus', () => {
  assert.equal(afterFocus(open, 'open', { error: { condition: 'timeout' } }).state, 'focus-unavailable');
  assert.equal(
    afterFocus(internalWithGuests, 'guest', { error: { condition: 'service-unavailable', text: 'No videobridge is available' } }).state,
    'focus-unavailable',
  );
});
