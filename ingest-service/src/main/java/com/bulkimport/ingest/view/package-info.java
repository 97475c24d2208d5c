/**
 * The import view ingest owns: a Kafka Streams topology that applies every result of the pipeline
 * to its import ({@link com.bulkimport.ingest.view.ImportViewTopology}), and the queries the API
 * answers from its stores ({@link com.bulkimport.ingest.view.ImportViews}).
 */
package com.bulkimport.ingest.view;
