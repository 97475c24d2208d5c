/**
 * Live progress of an import as server-sent events, from the same view that answers its status:
 * an event whenever the status or the counts change, a heartbeat, and the end of the stream after
 * the final status.
 */
package com.bulkimport.ingest.progress;
