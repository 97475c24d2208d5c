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

/** The account's CSV template: the header row only, importable as downloaded. */
@RestController
class TemplateController {

    private static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);
    private final AccountGuard guard;

    TemplateController(AccountGuard guard) {
        this.guard = guard;
    }

    @GetMapping("/api/accounts/{accountId}/template")
    ResponseEntity<String> template(@PathVariable String accountId, Authentication who) {
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
