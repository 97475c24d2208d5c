package com.bulkimport.validation.rules;

import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;
import com.bulkimport.events.TemplateColumn;

/** The table of row rules: every rule runs on every row, and all their errors are reported. */
public final class RowRules {

    private final List<RowRule> rules;

    public RowRules(List<RowRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of the product, in column order. Adding a rule is adding a line here. */
    public static RowRules standard() {
        return new RowRules(List.of(
                new DisplayNameRule(),
                new EmailRule(),
                new LicenceTypeRule(),
                new FreeTextRule(TemplateColumn.FIRST_NAME),
                new FreeTextRule(TemplateColumn.LAST_NAME),
                new FreeTextRule(TemplateColumn.JOB_TITLE),
                new FreeTextRule(TemplateColumn.DEPARTMENT),
                new AssignedNumbersRule(),
                new ExtensionRule(),
                new LocationRule(),
                new BridgeFieldsRule(),
                new TimeZoneRule(),
                new CallerIdRule(),
                new WholeNumberRule(TemplateColumn.CALL_TIMEOUT, 5, 999, "seconds", ErrorCode.CALL_TIMEOUT_INVALID),
                new VoicemailPinRule(),
                new VoicemailOperatorRule(),
                new WholeNumberRule(TemplateColumn.AUTO_DELETE_VOICEMAIL, 1, 365, "days", ErrorCode.AUTO_DELETE_INVALID),
                new TranscriptionRule(),
                new VoicemailEmailRule(),
                new SmsNumberRule()));
    }

    /** The account's own spelling of the row's licence type (the only type when the cell is empty). */
    public static String licenceTypeOf(RowContext row) {
        return LicenceTypeRule.resolve(row);
    }

    /**
     * The check of a row whose email is already a user, in an import that skips existing users:
     * only the email's own checks (a valid address, once in the file). Its numbers and extension
     * are that user's own now, so the other rules would fail it; provisioning reports it skipped.
     */
    public List<RowError> checkExistingUserRow(RowContext row) {
        return new EmailRule().check(row);
    }

    public List<RowError> check(RowContext row) {
        List<RowError> errors = new ArrayList<>();
        rules.forEach(rule -> errors.addAll(rule.check(row)));
        return errors;
    }
}
