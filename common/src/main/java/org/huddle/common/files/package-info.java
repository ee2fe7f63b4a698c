/**
 * What the XMPP server's XEP-0363 upload service and the web role's file server share: the signed
 * grant a slot carries (docs/records.md, "Files").
 */
package org.huddle.common.files;
