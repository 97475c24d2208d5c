package com.bulkimport.validation.rules;

import java.util.List;

import com.bulkimport.events.RowError;

/** One small check of one column concern. Returns every error it finds in the row, none when it passes. */
@FunctionalInterface
public interface RowRule {

    List<RowError> check(RowContext row);
}
