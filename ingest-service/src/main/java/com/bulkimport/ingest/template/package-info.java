/**
 * The account's CSV template: the header row of the columns that apply to it, importable as
 * downloaded.
 */
package com.bulkimport.ingest.template;
