package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.CLOUD_EXTENSION;
import static com.bulkimport.events.TemplateColumn.SIP_TIE_TRUNK;

import java.util.ArrayList;
import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/**
 * Cloud Extension and SIP Tie Trunk Name: only for a Bridge row of an account with on-premises
 * integration; both or neither; the trunk must exist. Each error is on the column that is wrong.
 */
final class BridgeFieldsRule implements RowRule {

    static final String BRIDGE = "Bridge";

    @Override
    public List<RowError> check(RowContext row) {
        String cloud = row.value(CLOUD_EXTENSION);
        String trunk = row.value(SIP_TIE_TRUNK);
        if (cloud.isEmpty() && trunk.isEmpty()) {
            return List.of();
        }
        List<RowError> errors = new ArrayList<>();
        String licence = RowRules.licenceTypeOf(row);
        if (row.account().licence(licence).isEmpty()) {
            return errors; // the licence type is wrong: that error says it, and whether Bridge applies is unknown
        }
        boolean bridgeRow = BRIDGE.equalsIgnoreCase(licence);
        if (!row.account().onPremisesIntegration() || !bridgeRow) {
            String why = !row.account().onPremisesIntegration() ? "this account has no on-premises integration"
                    : "only a user with the Bridge licence has it";
            if (!cloud.isEmpty()) {
                errors.add(RowError.of(row.row(), CLOUD_EXTENSION, cloud, ErrorCode.BRIDGE_FIELDS_NOT_ALLOWED,
                        "Cloud Extension must be empty: " + why + "."));
            }
            if (!trunk.isEmpty()) {
                errors.add(RowError.of(row.row(), SIP_TIE_TRUNK, trunk, ErrorCode.BRIDGE_FIELDS_NOT_ALLOWED,
                        "SIP Tie Trunk Name must be empty: " + why + "."));
            }
            return errors;
        }
        if (cloud.isEmpty()) {
            errors.add(RowError.of(row.row(), CLOUD_EXTENSION, cloud, ErrorCode.BRIDGE_FIELDS_INCOMPLETE,
                    "Cloud Extension is required with a SIP Tie Trunk Name: give both or neither."));
        } else if (!Digits.only(cloud, 2, 10)) {
            errors.add(RowError.of(row.row(), CLOUD_EXTENSION, cloud, ErrorCode.CLOUD_EXTENSION_INVALID,
                    "Cloud Extension '" + cloud + "' must be 2 to 10 digits."));
        }
        if (trunk.isEmpty()) {
            errors.add(RowError.of(row.row(), SIP_TIE_TRUNK, trunk, ErrorCode.BRIDGE_FIELDS_INCOMPLETE,
                    "SIP Tie Trunk Name is required with a Cloud Extension: give both or neither."));
        } else if (row.account().trunk(trunk).isEmpty()) {
            errors.add(Suggestions.suggest(RowError.of(row.row(), SIP_TIE_TRUNK, trunk, ErrorCode.TRUNK_UNKNOWN,
                    "'" + trunk + "' is not a SIP tie trunk of this account."), trunk, row.account().trunks()));
        } else {
            row.normalise(SIP_TIE_TRUNK, row.account().trunk(trunk).get());
        }
        return errors;
    }
}
