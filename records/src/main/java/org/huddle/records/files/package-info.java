/** The files shared in meetings, as the meeting records keep them (docs/records.md, "Files"). */
package org.huddle.records.files;
