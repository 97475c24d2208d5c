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
import com.bulkimport.ingest.web.ApiDescription;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

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
    @Schema(description = "The CSRF token a browser sends back on every request that changes something.")
    record Csrf(@Schema(description = "The header to send it in.") String headerName,
            @Schema(description = "The form field to send it in, instead.") String parameterName,
            @Schema(description = "The token.") String token) {
        static Csrf of(CsrfToken token) {
            return new Csrf(token.getHeaderName(), token.getParameterName(), token.getToken());
        }
    }

    /** An account the administrator may act on, with what the wizard shows about it. */
    @Schema(description = "An account the administrator may act on.")
    record Account(@Schema(description = "The account.") String accountId,
            @Schema(description = "Whether the account has on-premises integration (two more template columns).")
            boolean onPremisesIntegration,
            @Schema(description = "The bundle's services installed on the account.") List<BundleService> installedServices,
            @Schema(description = "The bundle's services not installed: an import goes on without them.")
            List<BundleService> missingServices,
            @Schema(description = "The account's licence types, in its own spelling.") List<String> licenceTypes) {
        static Account of(AccountSummary a) {
            return new Account(a.accountId(), a.onPremisesIntegration(),
                    Arrays.stream(BundleService.values()).filter(a.installedServices()::contains).toList(),
                    a.missingServices(),
                    a.licenceTypes());
        }
    }

    /** The upload limits, so the page can say them before a file is sent. */
    @Schema(description = "The upload limits.")
    record Limits(@Schema(description = "The largest file accepted, in bytes.") long maxFileBytes,
            @Schema(description = "The most user rows in one file.") int maxRows) {
    }

    @Schema(description = "Who is signed in, and what the page needs to know.")
    record SignedIn(@Schema(description = "The administrator's name.") String name,
            @Schema(description = "The accounts granted that the pipeline knows.") List<Account> accounts,
            Limits limits,
            @Schema(description = "The CSRF token for the page's changes; null for a program (bearer token).") Csrf csrf) {
    }

    /** The local profile's sign-in form, or in production the identity provider's sign-in. */
    @Operation(operationId = "signInPage", tags = ApiDescription.SIGN_IN, summary = "The sign-in page",
            description = "In the local run, the page's sign-in form; in production, a redirect to the identity provider.")
    @ApiResponse(responseCode = "200", description = "The sign-in form (local run).",
            content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "302", description = "To the identity provider's sign-in (production).")
    @GetMapping("/login")
    String signInPage() {
        return signIn.signInPage();
    }

    /** Open: the sign-in form needs a token before anyone is signed in. */
    @Operation(operationId = "csrfToken", tags = ApiDescription.SIGN_IN, summary = "A CSRF token",
            description = "The token the sign-in form and the page send back with every change; open, since the form "
                    + "needs it before anyone is signed in.")
    @ApiResponse(responseCode = "200", description = "The token.")
    @GetMapping("/api/csrf")
    @ResponseBody
    Csrf csrf(@Parameter(hidden = true) CsrfToken token) {
        return Csrf.of(token);
    }

    /** Who is signed in, the accounts granted (known to the pipeline), the limits, and the CSRF token (none for programs). */
    @Operation(operationId = "signedIn", tags = ApiDescription.SIGN_IN, summary = "Who is signed in",
            description = "The administrator's name, the accounts they may act on, the upload limits, and the CSRF token "
                    + "(none for a program).")
    @ApiResponse(responseCode = "200", description = "The signed-in administrator.")
    @GetMapping("/api/me")
    @ResponseBody
    SignedIn me(Authentication who, @Parameter(hidden = true) CsrfToken token) {
        List<Account> accounts = access.accountsOf(who).stream()
                .map(views::account).flatMap(Optional::stream)
                .map(Account::of).toList();
        return new SignedIn(who.getName(), accounts, new Limits(limits.maxFileBytes(), limits.maxRows()),
                token == null ? null : Csrf.of(token));
    }
}
