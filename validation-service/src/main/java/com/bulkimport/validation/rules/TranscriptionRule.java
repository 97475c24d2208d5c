package com.bulkimport.validation.rules;

import static com.bulkimport.events.TemplateColumn.VOICEMAIL_TRANSCRIPTION;

import java.util.List;

import com.bulkimport.events.ErrorCode;
import com.bulkimport.events.RowError;

/** Voicemail Transcription Setting: YES or NO, any case; empty means NO. */
final class TranscriptionRule implements RowRule {

    @Override
    public List<RowError> check(RowContext row) {
        String value = row.value(VOICEMAIL_TRANSCRIPTION);
        if (value.isEmpty() || value.equalsIgnoreCase("YES") || value.equalsIgnoreCase("NO")) {
            return List.of();
        }
        return List.of(RowError.of(row.row(), VOICEMAIL_TRANSCRIPTION, value, ErrorCode.TRANSCRIPTION_INVALID,
                "Voicemail Transcription Setting must be YES or NO; '" + value + "' is neither."));
    }
}
