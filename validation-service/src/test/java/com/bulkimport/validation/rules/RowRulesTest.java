package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.bulkimport.events.AccountEvent;
import com.bulkimport.events.BundleService;
import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.ImportOptions;
import com.bulkimport.events.PasswordDelivery;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;
import com.bulkimport.events.account.Account;
import com.bulkimport.events.account.AccountChange;
import com.bulkimport.events.account.AccountNumber;

/** Every row rule, as a table: one value that breaks it, the code and the column it must name. */
class RowRulesTest {

    private static final Account DEMO = account(
            new AccountEvent.SettingsChanged("demo", "Demo Company", true, false,
                    Set.of(BundleService.CONNECT, BundleService.MEET, BundleService.SHARE), 3, 6),
            new AccountEvent.LicenceChanged("demo", "Essentials", 2000, 0),
            new AccountEvent.LicenceChanged("demo", "Advanced", 1200, 200),
            new AccountEvent.LicenceChanged("demo", "Bridge", 50, 0),
            new AccountEvent.LocationCreated("demo", "Main Company Address", true),
            new AccountEvent.LocationCreated("demo", "London Office", false),
            new AccountEvent.TrunkCreated("demo", "PBX-Trunk-1"));
    private static final Map<String, AccountNumber> NUMBERS = Map.of(
            "+442079460001", new AccountNumber("+442079460001", false, null),
            "+442079460002", new AccountNumber("+442079460002", false, null),
            "+442079460003", new AccountNumber("+442079460003", false, "someone@demo.example"),
            "+448081570001", new AccountNumber("+448081570001", true, null),
            "+448081570009", new AccountNumber("+448081570009", true, null));
    private static final Map<String, String> EXTENSIONS = Map.of("100", "existing.user@demo.example", "200", "Auto attendant");
    private static final Set<String> USERS = Set.of("existing.user@demo.example");
    private static final Set<ErrorCode> SEEN = EnumSet.noneOf(ErrorCode.class);
    /** Codes that only provisioning or the gatherer give, never a row rule. */
    private static final Set<ErrorCode> NOT_FROM_RULES = EnumSet.of(ErrorCode.LICENCE_TAKEN, ErrorCode.NUMBER_TAKEN,
            ErrorCode.NO_FREE_EXTENSION, ErrorCode.ACCOUNT_UNKNOWN);

    private final RowRules rules = RowRules.standard();

    static Stream<Arguments> brokenValues() {
        return Stream.of(
                broken(DISPLAY_NAME, "", ErrorCode.REQUIRED),
                broken(DISPLAY_NAME, "x".repeat(65), ErrorCode.TOO_LONG),
                broken(DISPLAY_NAME, "Ann <Lee>", ErrorCode.DISPLAY_NAME_CHARACTERS),
                broken(DISPLAY_NAME, "Ann (Sales", ErrorCode.DISPLAY_NAME_PARENTHESES),
                broken(EMAIL, "ann.lee-at-demo", ErrorCode.EMAIL_INVALID),
                broken(EMAIL, "Existing.User@demo.example", ErrorCode.EMAIL_EXISTS),
                broken(LICENCE_TYPE, "", ErrorCode.LICENCE_TYPE_REQUIRED),
                broken(LICENCE_TYPE, "Esentials", ErrorCode.LICENCE_TYPE_UNKNOWN),
                broken(FIRST_NAME, "y".repeat(65), ErrorCode.TOO_LONG),
                broken(DEPARTMENT, "Sales\tEMEA", ErrorCode.CONTROL_CHARACTERS),
                broken(PRIMARY_NUMBER, "+44 20 7946", ErrorCode.NUMBER_INVALID),
                broken(PRIMARY_NUMBER, "4.42079E+11", ErrorCode.NUMBER_SCIENTIFIC_NOTATION),
                broken(PRIMARY_NUMBER, "+44 20 7946 0500", ErrorCode.NUMBER_NOT_IN_INVENTORY),
                broken(PRIMARY_NUMBER, "+44 20 7946 0003", ErrorCode.NUMBER_NOT_PARKED),
                broken(PRIMARY_NUMBER, "+44 808 157 0009", ErrorCode.NUMBER_TOLL_FREE),
                broken(ADDITIONAL_NUMBERS, "+44 20 7946 0002;abc", ErrorCode.NUMBER_INVALID),
                broken(EXTENSION, "12a", ErrorCode.EXTENSION_INVALID),
                broken(EXTENSION, "1234567", ErrorCode.EXTENSION_INVALID),
                broken(EXTENSION, "200", ErrorCode.EXTENSION_IN_USE),
                broken(VOICE_LOCATION, "Londn Office", ErrorCode.LOCATION_UNKNOWN),
                broken(CLOUD_EXTENSION, "12ab", ErrorCode.CLOUD_EXTENSION_INVALID),
                broken(SIP_TIE_TRUNK, "PBX-Trunk-9", ErrorCode.TRUNK_UNKNOWN),
                broken(TIME_ZONE, "UTC+15", ErrorCode.TIME_ZONE_INVALID),
                broken(TIME_ZONE, "Paris", ErrorCode.TIME_ZONE_INVALID),
                broken(CALLER_ID, "+33 1 42 68 53 00", ErrorCode.CALLER_ID_NOT_ATTESTED),
                broken(CALL_TIMEOUT, "4", ErrorCode.CALL_TIMEOUT_INVALID),
                broken(CALL_TIMEOUT, "20.5", ErrorCode.CALL_TIMEOUT_INVALID),
                broken(VOICEMAIL_PIN, "12a4", ErrorCode.VOICEMAIL_PIN_INVALID),
                broken(VOICEMAIL_OPERATOR, "12", ErrorCode.VOICEMAIL_OPERATOR_INVALID),
                broken(AUTO_DELETE_VOICEMAIL, "366", ErrorCode.AUTO_DELETE_INVALID),
                broken(VOICEMAIL_TRANSCRIPTION, "maybe", ErrorCode.TRANSCRIPTION_INVALID),
                broken(VOICEMAIL_EMAIL, "ann@demo.example;nope", ErrorCode.EMAIL_INVALID),
                broken(SMS_ON_VOICEMAIL, "+44 20 7946 0001;+44 20 7946 0002", ErrorCode.SMS_NUMBER_INVALID),
                broken(SMS_ON_VOICEMAIL, "1.55501E+10", ErrorCode.NUMBER_SCIENTIFIC_NOTATION),
                broken(SMS_ON_VOICEMAIL, "1,55501E+10", ErrorCode.NUMBER_SCIENTIFIC_NOTATION));
    }

    private static Arguments broken(TemplateColumn column, String value, ErrorCode code) {
        return Arguments.of(column, value, code);
    }

    @ParameterizedTest(name = "{0} = ''{1}'' gives {2}")
    @MethodSource("brokenValues")
    void shouldNameTheRowColumnValueAndCodeOfEachBrokenValue(TemplateColumn column, String value, ErrorCode code) {
        // Given a fully valid Bridge row, with one value broken
        Map<String, String> values = validRow();
        values.put(column.header(), value);

        // When the rules check it
        List<RowError> errors = rules.check(new FakeRow(7, values, options(true, false)));

        // Then exactly that value is reported, on its row and column, with a sentence
        assertThat(errors).as("errors for %s", value).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.row()).isEqualTo(7);
            assertThat(e.column()).isEqualTo(column.header());
            // the value, or the part of it that is wrong (one number of several)
            assertThat(value).contains(e.value());
            assertThat(e.message()).isNotBlank();
        });
        SEEN.add(code);
    }

    @Test
    void shouldPassAFullyValidRowAndNormaliseItsNumbersAndNames() {
        FakeRow row = new FakeRow(2, validRow(), options(true, false));
        assertThat(rules.check(row)).isEmpty();
        assertThat(row.normalised).containsEntry(PRIMARY_NUMBER.header(), "+442079460001")
                .containsEntry(ADDITIONAL_NUMBERS.header(), List.of("+442079460002", "+448081570001"))
                .containsEntry(VOICE_LOCATION.header(), "London Office");
    }

    @Test
    void shouldReportEveryErrorOfARowOnTheColumnThatIsWrong() {
        Map<String, String> values = validRow();
        values.put(LICENCE_TYPE.header(), "Essentials");
        values.remove(PRIMARY_NUMBER.header());
        values.put(SIP_TIE_TRUNK.header(), "");
        values.put(CALL_TIMEOUT.header(), "1000");

        List<RowError> errors = rules.check(new FakeRow(3, values, options(true, false)));

        assertThat(errors).extracting(RowError::column, RowError::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(ADDITIONAL_NUMBERS.header(), ErrorCode.ADDITIONAL_WITHOUT_PRIMARY),
                org.assertj.core.groups.Tuple.tuple(CLOUD_EXTENSION.header(), ErrorCode.BRIDGE_FIELDS_NOT_ALLOWED),
                org.assertj.core.groups.Tuple.tuple(CALL_TIMEOUT.header(), ErrorCode.CALL_TIMEOUT_INVALID));
        SEEN.add(ErrorCode.ADDITIONAL_WITHOUT_PRIMARY);
        SEEN.add(ErrorCode.BRIDGE_FIELDS_NOT_ALLOWED);
    }

    @Test
    void shouldReportTheEmptyOneOfCloudExtensionAndTrunk() {
        Map<String, String> values = validRow();
        values.remove(SIP_TIE_TRUNK.header());
        assertThat(rules.check(new FakeRow(4, values, options(true, false)))).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BRIDGE_FIELDS_INCOMPLETE);
            assertThat(e.column()).isEqualTo(SIP_TIE_TRUNK.header());
        });
        SEEN.add(ErrorCode.BRIDGE_FIELDS_INCOMPLETE);
    }

    @Test
    void shouldReportRepeatsInTheFileOnLaterRowsNamingTheFirst() {
        Map<String, String> claims = new HashMap<>();
        FakeRow first = new FakeRow(2, validRow(), options(true, false), claims);
        Map<String, String> again = validRow();
        again.put(EMAIL.header(), "ANN.LEE@demo.example");
        again.put(ADDITIONAL_NUMBERS.header(), "");
        again.put(CLOUD_EXTENSION.header(), "");
        again.put(SIP_TIE_TRUNK.header(), "");
        again.put(LICENCE_TYPE.header(), "Advanced");
        FakeRow second = new FakeRow(5, again, options(true, false), claims);

        assertThat(rules.check(first)).isEmpty();
        List<RowError> errors = rules.check(second);

        assertThat(errors).extracting(RowError::code).containsExactlyInAnyOrder(ErrorCode.EMAIL_DUPLICATE_IN_FILE,
                ErrorCode.NUMBER_DUPLICATE_IN_FILE, ErrorCode.EXTENSION_DUPLICATE_IN_FILE, ErrorCode.VOICEMAIL_PIN_DUPLICATE_IN_FILE);
        assertThat(errors).allSatisfy(e -> assertThat(e.message()).contains("row 2"));
        errors.forEach(e -> SEEN.add(e.code()));
    }

    @Test
    void shouldIgnoreNumbersExtensionAndLocationWithoutConnectAndAcceptAnAttestedCallerId() {
        Map<String, String> values = validRow();
        values.put(PRIMARY_NUMBER.header(), "not a number");
        values.put(EXTENSION.header(), "200");
        values.put(VOICE_LOCATION.header(), "Nowhere");
        values.put(CALLER_ID.header(), "+33 1 42 68 53 00");
        assertThat(rules.check(new FakeRow(2, values, options(false, true)))).isEmpty();
    }

    @Test
    void shouldSuggestTheNearestExistingName() {
        Map<String, String> values = validRow();
        values.put(VOICE_LOCATION.header(), "Londn Office");
        assertThat(rules.check(new FakeRow(2, values, options(true, false)))).singleElement()
                .satisfies(e -> assertThat(e.suggestion()).isEqualTo("London Office"));
    }

    @AfterAll
    static void everyCodeOfTheRulesIsTriggered() {
        Set<ErrorCode> expected = EnumSet.allOf(ErrorCode.class);
        expected.removeAll(NOT_FROM_RULES);
        assertThat(SEEN).as("error codes triggered by this table").containsAll(expected);
    }

    private static ImportOptions options(boolean connect, boolean callerIdAttested) {
        return new ImportOptions(connect, callerIdAttested, PasswordDelivery.USER_EMAIL, null, false, false);
    }

    private static Map<String, String> validRow() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(DISPLAY_NAME.header(), "Ann Lee-Smith (Sales) & Co.");
        v.put(EMAIL.header(), "ann.lee@demo.example");
        v.put(LICENCE_TYPE.header(), "bridge");
        v.put(FIRST_NAME.header(), "Ann");
        v.put(LAST_NAME.header(), "Lee-Smith");
        v.put(JOB_TITLE.header(), "Engineer");
        v.put(DEPARTMENT.header(), "Sales");
        v.put(PRIMARY_NUMBER.header(), "44 (20) 7946-0001");
        v.put(ADDITIONAL_NUMBERS.header(), "+44.20.7946.0002; +44 808 157 0001");
        v.put(EXTENSION.header(), "4321");
        v.put(VOICE_LOCATION.header(), "london office");
        v.put(CLOUD_EXTENSION.header(), "5001");
        v.put(SIP_TIE_TRUNK.header(), "pbx-trunk-1");
        v.put(TIME_ZONE.header(), "UTC+5:30");
        v.put(CALLER_ID.header(), "+44 20 7946 0002");
        v.put(CALL_TIMEOUT.header(), "20");
        v.put(VOICEMAIL_PIN.header(), "482913");
        v.put(VOICEMAIL_OPERATOR.header(), "100");
        v.put(AUTO_DELETE_VOICEMAIL.header(), "30");
        v.put(VOICEMAIL_TRANSCRIPTION.header(), "yes");
        v.put(VOICEMAIL_EMAIL.header(), "ann@demo.example; team@demo.example");
        v.put(SMS_ON_VOICEMAIL.header(), "+1 (212) 555-0150");
        return v;
    }

    /** The account the events make, applied as the services apply them. */
    private static Account account(AccountEvent... events) {
        Account account = Account.unknown("demo");
        for (AccountEvent event : events) {
            account = AccountChange.apply(account, event, n -> Optional.empty()).account();
        }
        return account;
    }

    /** A row checked against the demo-like account above, with the file's claims in a map. */
    private static final class FakeRow implements RowContext {
        private final int row;
        private final Map<String, String> values;
        private final ImportOptions options;
        private final Map<String, String> claims;
        final Map<String, Object> normalised = new HashMap<>();

        FakeRow(int row, Map<String, String> values, ImportOptions options) {
            this(row, values, options, new HashMap<>());
        }

        FakeRow(int row, Map<String, String> values, ImportOptions options, Map<String, String> claims) {
            this.row = row;
            this.values = values;
            this.options = options;
            this.claims = claims;
        }

        @Override
        public int row() {
            return row;
        }

        @Override
        public Map<String, String> values() {
            return values;
        }

        @Override
        public ImportOptions options() {
            return options;
        }

        @Override
        public Account account() {
            return DEMO;
        }

        @Override
        public boolean isExistingUser(String email) {
            return USERS.contains(email.toLowerCase());
        }

        @Override
        public Optional<AccountNumber> knownNumber(String e164) {
            return Optional.ofNullable(NUMBERS.get(e164));
        }

        @Override
        public Optional<String> extensionUsedBy(String extension) {
            return Optional.ofNullable(EXTENSIONS.get(extension));
        }

        @Override
        public void normalise(TemplateColumn column, String value) {
            normalised.put(column.header(), value);
        }

        @Override
        public void normalise(TemplateColumn column, List<String> values) {
            normalised.put(column.header(), values);
        }

        @Override
        public Optional<Integer> claimUnique(UniqueInFile kind, String value) {
            String first = claims.putIfAbsent(kind.key() + "|" + value, Integer.toString(row));
            return Optional.ofNullable(first).map(Integer::parseInt);
        }
    }
}
