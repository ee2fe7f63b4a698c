/**
 * The XML the focus handles, as {@link org.huddle.xmpp.codec.Element} trees: parsing stanza text
 * with the shared codec's limits, and building IQs, results and errors (RFC 6120 §8.2.3, §8.3).
 * Carrying trees through Smack is the signalling module's ({@link org.huddle.signalling.smack}).
 */
package org.huddle.focus.xml;
