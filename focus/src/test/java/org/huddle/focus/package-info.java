/**
 * End-to-end tests of the focus: a real XMPP server (Huddle's, or a real Prosody), real bridges,
 * and scripted participants (Smack for signalling, the bridge test kit's endpoints for ICE, DTLS
 * and SRTP on 127.0.0.1).
 */
package org.huddle.focus;
