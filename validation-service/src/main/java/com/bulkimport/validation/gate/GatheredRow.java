package com.bulkimport.validation.gate;

import java.util.Map;

/** A valid row kept until its import's gate: its values and its resolved licence type. */
public record GatheredRow(int row, Map<String, String> values, String licenceType) {
}
