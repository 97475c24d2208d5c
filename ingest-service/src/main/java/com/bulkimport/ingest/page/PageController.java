package com.bulkimport.ingest.page;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import com.bulkimport.events.BundleService;
import com.bulkimport.ingest.security.AccountAccess;
import com.bulkimport.ingest.security.SignIn;
import com.bulkimport.ingest.upload.UploadLimits;
import com.bulkimport.ingest.view.AccountSummary;
import com.bulkimport.ingest.view.ImportViews;

/** The calls the page needs beyond the API: the sign-in page, the CSRF token, and who is signed in. */
@Controller
class PageController {

    private final AccountAccess access;
    private final ImportViews views;
    private final UploadLimits limits;
    private final SignIn signIn;

    PageController(AccountAccess access, ImportViews views, UploadLimits limits, SignIn signIn) {
        this.access = access;
        this.views = views;
        this.limits = limits;
        this.signIn = signIn;
    }

    /** The token a browser sends back on every request that changes something (header or form field). */
    record Csrf(String headerName, String parameterName, String token) {
        static Csrf of(CsrfToken token) {
            return new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
        }
    }

    /** An account the administrator may act on, with what the wizard shows about it. */
    record Account(String accountId, boolean onPremisesIntegration, List<BundleService> installedServices,
            List<BundleService> missingServices, List<String> licenceTypes) {
        static Account of(AccountSummary a) {
            return new Account(a.accountId(), a.onPremisesIntegration(),
                    Arrays.stream(BundleService.values()).filter(a.installedServices()::contains).toList(),
                    a.missingServices(),
                    a.licenceTypes());
        }
    }

    /** The upload limits, so the page can say them before a file is sent. */
    record Limits(long maxFileBytes, int maxRows) {
    }

    record SignedIn(String name, List<Account> accounts, Limits limits, Csrf csrf) {
    }

    /** The local profile's sign-in form, or in production the identity provider's sign-in. */
    @GetMapping("/login")
    String signInPage() {
        return signIn.signInPage();
    }

    /** Open: the sign-in form needs a token before anyone is signed in. */
    @GetMapping("/api/csrf")
    @ResponseBody
    Csrf csrf(CsrfToken token) {
        return Csrf.of(token);
    }

    /** Who is signed in, the accounts granted (known to the pipeline), the limits, and the CSRF token (none for programs). */
    @GetMapping("/api/me")
    @ResponseBody
    SignedIn me(Authentication who, CsrfToken token) {
        List<Account> accounts = access.accountsOf(who).stream()
                .map(views::account).flatMap(Optional::stream)
                .map(Account::of).toList();
        return new SignedIn(who.getName(), accounts, new Limits(limits.maxFileBytes(), limits.maxRows()),
                token == null ? null : Csrf.of(token));
    }
}
