package com.bulkimport.validation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.TemplateColumn;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * {@link PhoneNumbers#read} asks libphonenumber for a number's type once and takes UNKNOWN as
 * "not valid", instead of asking {@code isValidNumber} and then the type. That holds for every
 * region's example numbers of every type, and for each of them with a digit more or less.
 */
class PhoneNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void shouldFindANumberValidExactlyWhenItsTypeIsKnown() {
        List<PhoneNumber> numbers = new ArrayList<>();
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example != null) {
                    numbers.add(example);
                    numbers.add(new PhoneNumber().setCountryCode(example.getCountryCode())
                            .setNationalNumber(example.getNationalNumber() / 10));
                    numbers.add(new PhoneNumber().setCountryCode(example.getCountryCode())
                            .setNationalNumber(example.getNationalNumber() * 10 + 7));
                }
            }
        }
        for (int code : UTIL.getSupportedGlobalNetworkCallingCodes()) {
            numbers.add(UTIL.getExampleNumberForNonGeoEntity(code));
        }
        numbers.add(new PhoneNumber().setCountryCode(999).setNationalNumber(1234567L)); // no such country code
        assertThat(numbers).hasSizeGreaterThan(2_000);

        int valid = 0;
        for (PhoneNumber number : numbers) {
            boolean isValid = UTIL.isValidNumber(number);
            assertThat(UTIL.getNumberType(number) != PhoneNumberType.UNKNOWN).as(number.toString()).isEqualTo(isValid);
            valid += isValid ? 1 : 0;
        }
        assertThat(valid).isBetween(1_000, numbers.size() - 500); // both kinds were tried
    }

    @Test
    void shouldReadValidTollFreeAndInvalidNumbers() {
        assertThat(PhoneNumbers.read(2, com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER, "+1 312 200 0101").e164())
                .isEqualTo("+13122000101");
        assertThat(PhoneNumbers.read(2, com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER, "+1 800 555 0199").tollFree())
                .isTrue();
        assertThat(PhoneNumbers.read(2, com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER, "+1 312 200 01").ok())
                .isFalse();
        assertThat(PhoneNumbers.read(2, com.bulkimport.events.TemplateColumn.PRIMARY_NUMBER, "+999 1234567").error().message())
                .contains("country code first");
    }

    @Test
    void shouldNameEachRowAndColumnWhenTheSameValueIsReadAgain() {
        // the parse of a value is remembered for the next reads on this thread; the error is not
        for (String value : List.of("+1 312 200 01", "1.23E+11", "+44 20 7946 0123 x")) {
            PhoneNumbers.Reading first = PhoneNumbers.read(2, TemplateColumn.PRIMARY_NUMBER, value);
            PhoneNumbers.Reading again = PhoneNumbers.read(7, TemplateColumn.CALLER_ID, value);
            assertThat(first.ok()).isFalse();
            assertThat(again.error().code()).isEqualTo(first.error().code());
            assertThat(again.error().message()).isEqualTo(first.error().message());
            assertThat(List.of(first.error().row(), first.error().column())).containsExactly(2, TemplateColumn.PRIMARY_NUMBER.header());
            assertThat(List.of(again.error().row(), again.error().column())).containsExactly(7, TemplateColumn.CALLER_ID.header());
        }
        assertThat(PhoneNumbers.read(3, TemplateColumn.SMS_ON_VOICEMAIL, " +1 312 200 0101 ").e164())
                .isEqualTo(PhoneNumbers.read(4, TemplateColumn.PRIMARY_NUMBER, "+1 312 200 0101").e164())
                .isEqualTo("+13122000101");
    }

    @Test
    void shouldTellDigitsAsTheRulesPatternsDid() {
        List<String> values = List.of("", "0", "1234", "12345678901", "12a4", " 1234", "1234 ", "-123", "+123",
                "\u0661\u0662\u0663\u0664", "\uff11\uff12\uff13\uff14", "12.5", "999999999", "1000000000");
        for (String v : values) {
            for (int[] range : new int[][] { { 1, 9 }, { 2, 10 }, { 4, 10 }, { 3, 6 } }) {
                assertThat(Digits.only(v, range[0], range[1]))
                        .as("'%s' with %d to %d digits", v, range[0], range[1])
                        .isEqualTo(v.matches("\\d{" + range[0] + "," + range[1] + "}"));
            }
            assertThat(Digits.of(v)).as(v).isEqualTo(v.replaceAll("[^0-9]", ""));
        }
    }
}
