/**
 * The focus in multi-user chat rooms (XEP-0045): joining a room as owner, reading the occupants'
 * presence (role, affiliation, real JID, and the Jitsi elements of docs/wire.md#room-presence),
 * granting ownership ({@code muc#admin}, §10.6), kicking (§8.2), and the focus's own presence
 * extensions.
 */
package org.huddle.focus.muc;
