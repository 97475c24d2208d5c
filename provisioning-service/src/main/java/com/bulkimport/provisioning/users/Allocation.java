package com.bulkimport.provisioning.users;

import java.util.List;

/**
 * What a created user was given: a stable id, a licence (the account's spelling), an extension, its
 * numbers (E.164, primary first) and a location, and whether CONNECT is activated for it (CONNECT
 * chosen and a primary number given). Without CONNECT the extension and location are null.
 */
record Allocation(String userId, String licenceType, String extension, List<String> numbers, String location,
        boolean connectActivated) {
}
