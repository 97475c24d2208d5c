package com.bulkimport.ingest.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of an upload.
 *
 * @param maxFileBytes the largest file accepted (default 2 MB)
 * @param maxRows the most user rows in one file (default 1,000)
 */
@ConfigurationProperties(prefix = "bulkimport.upload")
public record UploadLimits(Long maxFileBytes, Integer maxRows) {

    public UploadLimits {
        maxFileBytes = maxFileBytes == null ? 2L * 1024 * 1024 : maxFileBytes;
        maxRows = maxRows == null ? 1000 : maxRows;
    }
}
