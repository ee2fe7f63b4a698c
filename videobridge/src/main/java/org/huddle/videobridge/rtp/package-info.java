/**
 * RTP and RTCP on the wire: RFC 3550 headers and reports, RFC 4585 and RFC 5104 feedback, RFC 8285
 * header extensions, RFC 6464 audio levels, the RFC 7741 VP8 payload descriptor, the transport-wide
 * congestion control extension and feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01),
 * and the RFC 7983 first-byte demultiplexing rule. Plain static readers and writers over byte
 * arrays: this package knows nothing of sessions, endpoints or conferences.
 */
package org.huddle.videobridge.rtp;
