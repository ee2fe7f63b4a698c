/**
 * The focus's XMPP connections: a client (RFC 6120/6121, with Smack) logged in as {@code
 * focus@auth.<domain>/focus}, and an external component (XEP-0114) serving {@code focus.<domain>};
 * MUC rooms (XEP-0045) joined as owner; and the Jitsi {@code conference} request. Both connections
 * hand stanzas up as elements.
 */
package org.huddle.focus.xmpp;
