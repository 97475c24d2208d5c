package com.bulkimport.ingest.view;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A user an import created, as the users answer lists it. */
@Schema(description = "A user the import created.")
public record CreatedUser(@Schema(description = "The user's row in the file (the header is row 1).") int row,
        @Schema(description = "The user's email address.") String email,
        @Schema(description = "The user's display name.") String displayName,
        @Schema(description = "The licence the user got, in the account's spelling.") String licenceType,
        @Schema(description = "The extension the user got (the row's, or the next free one).") String extension,
        @Schema(description = "The numbers the user got, E.164, primary first.") List<String> numbers,
        @Schema(description = "The user's location.") String location,
        @Schema(description = "What was done differently from the row, such as created without numbers.") List<String> notes) {
}
