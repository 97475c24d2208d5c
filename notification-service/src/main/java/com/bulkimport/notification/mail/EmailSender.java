package com.bulkimport.notification.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationResult;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.events.Topics;

/**
 * Sends each requested email and publishes its result in the listener's transaction. A failure to
 * send throws, so the transaction rolls back and the request is retried, then dead-lettered.
 * The window left: an email sent, then the process killed before the transaction commits, is sent
 * again on redelivery (see docs/architecture.md).
 */
@Component
class EmailSender {

    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);

    private final JavaMailSender mail;
    private final KafkaTemplate<String, Object> kafka;
    private final PasswordSealer sealer;
    private final EmailComposer composer;
    private final String from;

    EmailSender(JavaMailSender mail, KafkaTemplate<String, Object> kafka,
            @Value("${bulkimport.password-key}") String passwordKey, EmailComposer composer,
            @Value("${bulkimport.mail.from:no-reply@bulkimport.local}") String from) {
        this.mail = mail;
        this.kafka = kafka;
        this.sealer = new PasswordSealer(passwordKey);
        this.composer = composer;
        this.from = from;
    }

    @KafkaListener(id = "notification-service", topics = "#{T(com.bulkimport.events.Topics).NOTIFICATION_REQUESTS.name()}")
    void send(NotificationRequested request) {
        String password = request.sealedPassword() == null ? null
                : sealer.open(request.sealedPassword(), PasswordSealer.contextFor(request.importId(), request.row()));
        SimpleMailMessage message = composer.compose(request, password);
        message.setFrom(from);
        mail.send(message);
        log.info("Sent {} email for row {} of import {}", request.kind(), request.row(), request.importId());
        kafka.send(Topics.NOTIFICATION_RESULTS.name(), request.accountId(), new NotificationResult(request.importId(),
                request.accountId(), request.row(), request.kind(), request.to(), true, null));
    }
}
