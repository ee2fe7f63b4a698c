/**
 * The bridge's packet buffer: a datagram's bytes with the room SRTP needs around them. The wire
 * formats it carries are read and written by the RTP module ({@code org.huddle.rtp}), which knows
 * nothing of buffers that grow, SRTP or pipelines (docs/rtp.md).
 */
package org.huddle.videobridge.packet;
