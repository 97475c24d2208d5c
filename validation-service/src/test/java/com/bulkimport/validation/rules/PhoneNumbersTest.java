package com.bulkimport.validation.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

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
}
