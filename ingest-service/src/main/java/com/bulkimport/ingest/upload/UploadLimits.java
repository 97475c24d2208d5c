package com.bulkimport.ingest.upload;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The bounds of one upload: nothing read from the network is unbounded. Every limit has a default
 * that works for the local run; the README lists them and {@code docs/reliability.md} says why.
 *
 * @param maxFileBytes the largest file accepted (default 2 MB); the servlet's multipart limits follow it
 * @param maxRows the most user rows in one file (default 1,000); reading stops at the next one
 * @param maxConcurrentParses how many uploads (and file checks) are parsed at once (default 2); more answer 429
 * @param maxLineChars the longest physical line, in characters (default 65,536)
 * @param maxFieldChars the longest value (default 1,024): the longest any column allows (an address
 *        list or a 254-character email address) with a margin
 * @param extraColumns how many columns beyond the template's (and {@code Import Errors}) a line may have (default 8)
 * @param maxLinesPerField how many lines one quoted value may span (default 20)
 */
@ConfigurationProperties(prefix = "bulkimport.upload")
public record UploadLimits(Long maxFileBytes, Integer maxRows, Integer maxConcurrentParses, Integer maxLineChars,
        Integer maxFieldChars, Integer extraColumns, Integer maxLinesPerField) {

    @ConstructorBinding
    public UploadLimits {
        maxFileBytes = maxFileBytes == null ? 2L * 1024 * 1024 : maxFileBytes;
        maxRows = maxRows == null ? 1000 : maxRows;
        maxConcurrentParses = maxConcurrentParses == null ? 2 : maxConcurrentParses;
        maxLineChars = maxLineChars == null ? 64 * 1024 : maxLineChars;
        maxFieldChars = maxFieldChars == null ? 1024 : maxFieldChars;
        extraColumns = extraColumns == null ? 8 : extraColumns;
        maxLinesPerField = maxLinesPerField == null ? 20 : maxLinesPerField;
    }

    /** The size and row limits, every other bound at its default. */
    public UploadLimits(Long maxFileBytes, Integer maxRows) {
        this(maxFileBytes, maxRows, null, null, null, null, null);
    }
}
