package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.TIME_ZONE;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Time Zone: a UTC offset ({@code UTC}, {@code UTC+2}, {@code UTC-05:00}, {@code UTC+5:30}) from -12:00 to +14:00, or an IANA zone name. */
final class TimeZoneRule implements RowRule {

    private static final Pattern OFFSET = Pattern.compile("UTC(?:([+-])(\\d{1,2})(?::?(\\d{2}))?)?");

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(TIME_ZONE);
        if (value.isEmpty() || valid(value)) {
            return List.of();
        }
        return List.of(RowError.of(row.row(), TIME_ZONE, value, ErrorCode.TIME_ZONE_INVALID, "'" + value
                + "' is not a time zone: write a UTC offset from UTC-12:00 to UTC+14:00 (UTC, UTC+2, UTC-05:00, UTC+5:30) "
                + "or a zone name such as Europe/Paris."));
    }

    static boolean valid(String value) {
        Matcher m = OFFSET.matcher(value.toUpperCase(Locale.ROOT));
        if (m.matches()) {
            if (m.group(1) == null) {
                return true;
            }
            int hours = Integer.parseInt(m.group(2));
            int minutes = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            int total = hours * 60 + minutes;
            return minutes < 60 && (m.group(1).equals("+") ? total <= 14 * 60 : total <= 12 * 60);
        }
        if (!value.contains("/")) {
            return false;
        }
        try {
            ZoneId.of(value);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
