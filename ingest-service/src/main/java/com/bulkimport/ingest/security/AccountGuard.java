package com.bulkimport.ingest.security;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

import com.bulkimport.ingest.view.AccountSummary;
import com.bulkimport.ingest.view.ImportViews;
import com.bulkimport.ingest.web.NotFound;

/** Resolves the account of a request: known to the pipeline and granted to the caller, or 404. */
@Component
public class AccountGuard {

    private final AccountAccess access;
    private final ImportViews views;

    AccountGuard(AccountAccess access, ImportViews views) {
        this.access = access;
        this.views = views;
    }

    public AccountSummary account(Authentication who, String accountId) {
        if (!access.mayActOn(who, accountId)) {
            throw new NotFound("Account " + accountId);
        }
        return views.account(accountId).orElseThrow(() -> new NotFound("Account " + accountId));
    }
}
