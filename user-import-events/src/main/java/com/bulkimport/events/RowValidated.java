package com.bulkimport.events;

import java.util.List;

/** validation's verdict on one row: valid when {@code errors} is empty. */
public record RowValidated(@Required String importId, @Required String accountId, @Required int row,
        List<RowError> errors) implements AccountKeyed {

    public boolean valid() {
        return errors == null || errors.isEmpty();
    }
}
