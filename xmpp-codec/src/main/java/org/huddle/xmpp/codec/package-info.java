/**
 * The XMPP wire codec: RFC 6120 streams parsed into {@link org.huddle.xmpp.codec.Element}s with the
 * limits of §11, elements written back as XML, RFC 6122/7622 addresses, and the stream and stanza
 * error conditions of §4.9 and §8.3. It knows nothing of sessions or sockets.
 */
package org.huddle.xmpp.codec;
