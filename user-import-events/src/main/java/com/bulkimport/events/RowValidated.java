package com.bulkimport.events;

import java.util.List;

/** validation's verdict on one row: valid when {@code errors} is empty. */
public record RowValidated(String importId, String accountId, int row, List<RowError> errors) {

    public boolean valid() {
        return errors == null || errors.isEmpty();
    }
}
