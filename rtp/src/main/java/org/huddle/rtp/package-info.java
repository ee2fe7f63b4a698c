/**
 * RTP and RTCP on the wire: RFC 3550 headers and reports, RFC 4585 and RFC 5104 feedback, RFC 8285
 * header extensions, RFC 6464 audio levels, the transport-wide congestion control extension and
 * feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01), the RFC 7983 first-byte
 * demultiplexing rule, and the payload descriptors a bridge reads to switch layers: VP8 (RFC 7741),
 * VP9 (RFC 9628), H.264 (RFC 6184) and the AV1 dependency descriptor. Plain static readers and
 * writers over a byte array, an offset and a length: this module knows nothing of sockets,
 * sessions, endpoints or conferences, and depends on nothing but the JDK (docs/rtp.md).
 */
package org.huddle.rtp;
