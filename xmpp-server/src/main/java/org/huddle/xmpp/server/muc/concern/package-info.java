/**
 * Room concerns (XEP-0045): one class per room policy (password, lock, members-only, occupant
 * limit, bans, moderation, anonymity, subject, history, room info), each subscribing only to room
 * events.
 */
package org.huddle.xmpp.server.muc.concern;
