package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.VOICE_LOCATION;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Voice Location: an existing location's name, ignoring case. Empty: the Main Company Address. */
final class LocationRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(VOICE_LOCATION);
        if (value.isEmpty() || !row.options().connect()) {
            return List.of();
        }
        var location = row.account().location(value);
        if (location.isPresent()) {
            row.normalise(VOICE_LOCATION, location.get());
            return List.of();
        }
        return List.of(Suggestions.suggest(RowError.of(row.row(), VOICE_LOCATION, value, ErrorCode.LOCATION_UNKNOWN,
                "'" + value + "' is not a location of this account."), value, row.account().locations()));
    }
}
