package com.bulkimport.validation.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Reads a phone number written in any format with its country code at the front
 * ({@code +1 (212) 555-0150}, {@code 1.212.555.0150}, {@code 12125550150}), with libphonenumber:
 * valid for its country, E.164 out, toll-free detected. A value a spreadsheet turned into
 * scientific notation gets an error of its own, since its digits are lost.
 */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SCIENTIFIC = Pattern.compile("[+-]?\\d+(?:[.,]\\d+)?[eE][+-]?\\d+");
    private static final Pattern PLAUSIBLE = Pattern.compile("\\+?[0-9 ().\\-/]+");

    /** A number read, or why it could not be. */
    record Reading(String e164, boolean tollFree, RowError error) {
        boolean ok() {
            return error == null;
        }
    }

    private PhoneNumbers() {
    }

    static boolean looksScientific(String value) {
        return SCIENTIFIC.matcher(value.strip()).matches();
    }

    static RowError scientific(int row, TemplateColumn column, String value) {
        return RowError.of(row, column, value, ErrorCode.NUMBER_SCIENTIFIC_NOTATION, "'" + value
                + "' is a number your spreadsheet turned into scientific notation, and its last digits are lost. "
                + "Format the column as Text (or write the number with a leading +) before you type or paste "
                + "the numbers, then save the CSV again.");
    }

    static Reading read(int row, TemplateColumn column, String raw) {
        String value = raw.strip();
        Parsed parsed = RECENT.get().computeIfAbsent(value, PhoneNumbers::parse);
        if (parsed.scientific()) {
            return new Reading(null, false, scientific(row, column, value));
        }
        if (parsed.whyInvalid() != null) {
            return invalid(row, column, value, parsed.whyInvalid());
        }
        return new Reading(parsed.e164(), parsed.tollFree(), null);
    }

    /** What a value reads as, whatever its row and column: a number, or why it is none. */
    private record Parsed(String e164, boolean tollFree, boolean scientific, String whyInvalid) {
        static Parsed invalid(String why) {
            return new Parsed(null, false, false, why);
        }
    }

    /**
     * The values this thread read last, with what each reads as. One row often holds a number
     * more than once (its caller ID and SMS number are commonly its primary number), and parsing
     * is most of what the rules cost; a value reads the same whatever its row or column.
     */
    private static final ThreadLocal<Map<String, Parsed>> RECENT = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
                    return size() > RECENT_VALUES;
                }
            });
    private static final int RECENT_VALUES = 8;

    private static Parsed parse(String value) {
        if (looksScientific(value)) {
            return new Parsed(null, false, true, null);
        }
        if (!PLAUSIBLE.matcher(value).matches()) {
            return Parsed.invalid("it may hold only digits, spaces, + ( ) . - and /");
        }
        try {
            PhoneNumber number = UTIL.parse("+" + Digits.of(value), "ZZ");
            // A number's type is UNKNOWN exactly when it is not valid (isValidNumber is that test
            // on the number's own region): one look at the metadata instead of two.
            PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(number);
            if (type == PhoneNumberUtil.PhoneNumberType.UNKNOWN) {
                String region = UTIL.getRegionCodeForNumber(number);
                return Parsed.invalid(region == null
                        ? "no country has the code it starts with; write the full number with its country code first"
                        : "it is not a valid number for its country (" + region + ")");
            }
            return new Parsed(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164),
                    type == PhoneNumberUtil.PhoneNumberType.TOLL_FREE, false, null);
        } catch (NumberParseException e) {
            return Parsed.invalid("write the full number with its country code first, e.g. +44 20 7946 0123");
        }
    }

    private static Reading invalid(int row, TemplateColumn column, String value, String why) {
        return new Reading(null, false, RowError.of(row, column, value, ErrorCode.NUMBER_INVALID,
                "'" + value + "' is not a phone number: " + why + "."));
    }
}
