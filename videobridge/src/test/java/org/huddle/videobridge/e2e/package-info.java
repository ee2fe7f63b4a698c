/** End-to-end tests: test endpoints with real ICE, DTLS and SRTP on loopback, through a bridge. */
package org.huddle.videobridge.e2e;
