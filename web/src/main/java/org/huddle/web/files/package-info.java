/**
 * The file server behind XEP-0363 slots: PUT and GET under {@code /files/}, a folder or an
 * S3-compatible store, and the retention sweeper (docs/records.md, "Files").
 */
package org.huddle.web.files;
