/**
 * The start-up and memory benchmark of {@code huddle all} (issue 18): time and CPU from exec to
 * four healthy roles, resident memory idle and in a three-party meeting, for the JVM's default
 * flags beside {@code scripts/lib.sh}'s small-server flags, with and without the JDK's start-up
 * cache.
 */
package org.huddle.bench.startup;
