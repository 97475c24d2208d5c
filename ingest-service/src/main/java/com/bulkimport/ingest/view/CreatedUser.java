package com.bulkimport.ingest.view;

import java.util.List;

/** A user an import created, as the users answer lists it. */
public record CreatedUser(int row, String email, String displayName, String licenceType, String extension,
        List<String> numbers, String location, List<String> notes) {
}
