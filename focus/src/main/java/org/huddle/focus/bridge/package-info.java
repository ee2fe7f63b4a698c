/**
 * The bridges the focus knows: built from the brewery room (XEP-0045 presence with Jitsi's {@code
 * <stats xmlns='http://jitsi.org/protocol/colibri'>}, docs/wire.md#brewery), kept honest by health
 * checks ({@code <healthcheck xmlns='http://jitsi.org/protocol/healthcheck'/>}, §3).
 */
package org.huddle.focus.bridge;
