package com.bulkimport.ingest.template;

import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.bulkimport.events.TemplateColumn;
import com.bulkimport.ingest.security.AccountGuard;
import com.bulkimport.ingest.web.ApiDescription;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The account's CSV template: the header row only, importable as downloaded. */
@RestController
class TemplateController {

    private static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private final AccountGuard guard;

    TemplateController(AccountGuard guard) {
        this.guard = guard;
    }

    @Operation(operationId = "template", tags = ApiDescription.TEMPLATES, summary = "The account's CSV template",
            description = "The header row of the account's template, as a CSV file to fill in (one user per row) and upload "
                    + "as it is. Accounts with on-premises integration get two more columns (Cloud Extension, SIP Tie Trunk).")
    @ApiResponse(responseCode = "200", description = "The template (UTF-8, CRLF), as an attachment.",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"),
                    examples = @ExampleObject(name = "header", value = "Display Name (Mandatory),Email Address (Mandatory),…\r\n")))
    @GetMapping("/api/accounts/{accountId}/template")
    ResponseEntity<String> template(@Parameter(description = "The account: one the administrator may act on (`demo` in the local run).") @PathVariable String accountId, Authentication who) {
        var account = guard.account(who, accountId);
        String header = TemplateColumn.forAccount(account.onPremisesIntegration()).stream()
                .map(TemplateColumn::header)
                .collect(Collectors.joining(","));
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"user-import-template-" + accountId + ".csv\"")
                .body(header + "\r\n");
    }
}
