/**
 * Jitsi's lobby ({@code muc_lobby_rooms}): a members-only meeting room paired with a room on a
 * lobby MUC service, where people knock and moderators let them in (docs/wire.md, "Lobby").
 */
package org.huddle.xmpp.server.muc.lobby;
