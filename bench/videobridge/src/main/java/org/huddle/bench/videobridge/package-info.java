/**
 * The videobridge benchmark: a load generator that drives N senders and M receivers through a
 * bridge in a child process, and the same load through a plain UDP relay in another child process,
 * and reports forwarded packets per second per core and added latency side by side.
 */
package org.huddle.bench.videobridge;
