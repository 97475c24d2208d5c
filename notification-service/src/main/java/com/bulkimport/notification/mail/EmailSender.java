package com.bulkimport.notification.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.notification.delivery.Mailer;
import com.bulkimport.notification.delivery.UnsendableEmailException;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends one email over SMTP, with the mail server settings of Spring Boot's {@code spring.mail.*}.
 * The connection is kept open from one email to the next (an SMTP conversation per email costs
 * several times the sending itself), checked before each email, and opened again after any
 * failure and every {@value #MESSAGES_PER_CONNECTION} emails. The temporary password is opened
 * here, only to be written into the email, and is never logged. Whether to try again is for the
 * caller to decide from what this throws.
 */
@Component
public class EmailSender implements Mailer, DisposableBean {

    static final int MESSAGES_PER_CONNECTION = 100;
    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);

    private final JavaMailSenderImpl server;
    private final PasswordSealer sealer;
    private final EmailComposer composer;
    private final String from;
    private Transport transport;
    private int sentOnConnection;

    public EmailSender(JavaMailSenderImpl server, @Value("${bulkimport.password-key}") String passwordKey,
            EmailComposer composer, @Value("${bulkimport.mail.from:no-reply@bulkimport.local}") String from) {
        this.server = server;
        this.sealer = new PasswordSealer(passwordKey);
        this.composer = composer;
        this.from = from;
    }

    @Override
    public synchronized void send(NotificationRequested request) {
        String password = request.kind() == Kind.TEMPORARY_PASSWORD ? open(request) : null;
        MimeMessage message;
        try {
            message = composer.write(server.getSession(), request, password, from);
        } catch (MessagingException e) {
            throw new MailPreparationException("Cannot write the " + request.kind() + " email to '" + request.to() + "': "
                    + e.getMessage(), e);
        }
        try {
            Transport connected = connected();
            connected.sendMessage(message, message.getAllRecipients());
            if (++sentOnConnection >= MESSAGES_PER_CONNECTION) {
                disconnect();
            }
        } catch (SendFailedException refused) {
            // the server refused the recipient or the message: the conversation is still good
            throw new MailNotSentException(refused);
        } catch (MessagingException e) {
            disconnect();
            throw new MailNotSentException(e);
        } catch (RuntimeException e) {
            disconnect();
            throw e;
        }
    }

    /** The open connection, if the server still answers on it (an SMTP NOOP), else a new one. */
    private Transport connected() throws MessagingException {
        if (transport != null && !transport.isConnected()) {
            disconnect();
        }
        if (transport == null) {
            Transport t = server.getSession().getTransport(server.getProtocol() == null ? "smtp" : server.getProtocol());
            t.connect(server.getHost(), server.getPort(), server.getUsername(), server.getPassword());
            transport = t;
            sentOnConnection = 0;
        }
        return transport;
    }

    private void disconnect() {
        Transport t = transport;
        transport = null;
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException e) {
                log.debug("Closing the SMTP connection failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void destroy() {
        disconnect();
    }

    private String open(NotificationRequested request) {
        if (request.sealedPassword() == null || request.sealedPassword().isBlank()) {
            throw new UnsendableEmailException("The temporary-password request holds no password");
        }
        try {
            return sealer.open(request.sealedPassword(), PasswordSealer.contextFor(request.importId(), request.row()));
        } catch (IllegalStateException e) {
            // the message says "wrong key or tampered record"; it never holds the password
            throw new UnsendableEmailException(e.getMessage(), e);
        }
    }

    /** The email did not go: the mail server could not be reached, or refused it; the cause says which (see {@code SmtpFailure}). */
    public static final class MailNotSentException extends org.springframework.mail.MailSendException {
        MailNotSentException(MessagingException cause) {
            super(String.valueOf(cause.getMessage()), cause);
        }
    }
}
