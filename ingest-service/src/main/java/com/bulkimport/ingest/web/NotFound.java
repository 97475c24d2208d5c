package com.bulkimport.ingest.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** 404: the account, import or page does not exist, or belongs to an account the caller may not see. */
public class NotFound extends ResponseStatusException {

    public NotFound(String what) {
        super(HttpStatus.NOT_FOUND, what + " not found");
    }
}
