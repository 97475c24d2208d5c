/**
 * The one shape of every refusal of the API: problem details with the list of specific errors
 * ({@link com.bulkimport.ingest.web.Problems}, {@link com.bulkimport.ingest.web.ProblemHandler}).
 */
package com.bulkimport.ingest.web;
