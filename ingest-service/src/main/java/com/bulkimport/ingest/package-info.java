/**
 * The ingest service: the HTTP face of bulk user import. It serves the template, checks an upload
 * as a whole, publishes an accepted file as one import request and its rows in one Kafka
 * transaction, and serves each import's status from its view of the pipeline's results.
 */
package com.bulkimport.ingest;
