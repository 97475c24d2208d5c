/**
 * The way in: an upload checked as a whole file ({@link com.bulkimport.ingest.upload.CsvFileReader},
 * within {@link com.bulkimport.ingest.upload.UploadLimits}) and published as one import in one Kafka
 * transaction ({@link com.bulkimport.ingest.upload.ImportPublisher}).
 */
package com.bulkimport.ingest.upload;
