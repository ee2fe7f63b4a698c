/**
 * Multi-user chat (XEP-0045) as meetings need it: instant rooms owned by their creator, occupant
 * presence with status codes, groupchat, private messages and IQs, moderation, the owner's
 * configuration form, and room events with Prosody's names for policy code and plugins to hook.
 */
package org.huddle.xmpp.server.muc;
