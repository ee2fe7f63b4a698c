/**
 * The stanzas the focus handles, as {@link org.huddle.xmpp.codec.Element} trees: building IQs and
 * their results and errors (RFC 6120 §8.2.3, §8.3). Parsing text and carrying trees through Smack
 * are the signalling module's ({@link org.huddle.signalling.Xml}, {@link
 * org.huddle.signalling.smack}).
 */
package org.huddle.focus.xml;
