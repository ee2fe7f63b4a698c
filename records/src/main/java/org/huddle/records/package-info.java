/**
 * Meeting records and the audit log (docs/records.md): what each role hands in as {@link
 * org.huddle.records.RecordEvent}s, through a {@link org.huddle.records.Recorder} that never blocks
 * the caller, and what the admin API reads back.
 *
 * <p>Layers: this package (the events, the settings, the facade) uses {@code writer} (the bounded
 * asynchronous queue) and {@code store} (the database: pool, migrations, SQL); {@code store} knows
 * nothing of the queue, and nothing here knows the roles that record.
 */
package org.huddle.records;
