package com.bulkimport.notification.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.notification.delivery.Mailer;
import com.bulkimport.notification.delivery.SmtpFailure;
import com.bulkimport.notification.delivery.UnsendableEmailException;
import com.bulkimport.pipeline.PasswordKeyProperties;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends one email over SMTP, with the mail server settings of Spring Boot's {@code spring.mail.*}.
 * Each sending thread (of the {@code SendingPool}) keeps its connection open from one email to the
 * next (an SMTP conversation per email costs several times the sending itself), opened again after
 * any failure and every {@value #MESSAGES_PER_CONNECTION} emails. A connection in use is not
 * checked before each email (a NOOP is a round trip, as long as the email itself against a local
 * server): only one idle for 5 s or more, which a server may have closed meanwhile.
 * A send on a connection that went stale anyway fails, counts as not sent, and is tried again on a
 * new connection by the caller. The temporary password is opened
 * here, only to be written into the email, and is never logged. Whether to try again is for the
 * caller to decide from what this throws.
 */
@Component
public class EmailSender implements Mailer, DisposableBean {

    static final int MESSAGES_PER_CONNECTION = 100;
    /** Mail servers close idle connections after minutes (RFC 5321 asks at least 5 for most commands); 5 s is safe. */
    static final long IDLE_CHECK_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static final Logger log = LoggerFactory.getLogger(EmailSender.class);

    private final JavaMailSenderImpl server;
    private final PasswordSealer sealer;
    private final EmailComposer composer;
    private final String from;
    /** One connection per sending thread (a Kafka Streams thread): threads send side by side. */
    private final ThreadLocal<Connection> connection = ThreadLocal.withInitial(Connection::new);
    private final java.util.Set<Connection> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final class Connection {
        Transport transport;
        int sent;
        long lastUsed;
    }

    public EmailSender(JavaMailSenderImpl server, PasswordKeyProperties passwordKey, EmailComposer composer,
            MailSettings mail) {
        this.server = server;
        this.sealer = passwordKey.sealer();
        this.composer = composer;
        this.from = mail.from();
    }

    @Override
    public void send(NotificationRequested request) {
        String password = request.kind() == Kind.TEMPORARY_PASSWORD ? open(request) : null;
        MimeMessage message;
        try {
            message = composer.write(server.getSession(), request, password, from);
        } catch (MessagingException e) {
            throw new MailPreparationException("Cannot write the " + request.kind() + " email to '" + request.to() + "': "
                    + e.getMessage(), e);
        }
        Connection c = connection.get();
        boolean kept = c.transport != null;
        try {
            try {
                sendOn(c, message);
            } catch (MessagingException stale) {
                // A kept connection the server closed meanwhile (a server may close one at any time,
                // before the idle check would notice): nothing was accepted on it, so once more on a new one.
                if (!kept || SmtpFailure.of(stale).kind() != SmtpFailure.Kind.SERVER_UNAVAILABLE) {
                    throw stale;
                }
                log.debug("The kept SMTP connection was closed ({}); sending on a new one", stale.getMessage());
                disconnect(c);
                sendOn(c, message);
            }
        } catch (SendFailedException refused) {
            // the server refused the recipient or the message: the conversation is still good; unless no reply came
            // (the connection went stale: "[EOF]" at MAIL FROM) or the server is closing (421): then a new one is needed
            if (SmtpFailure.of(refused).kind() == SmtpFailure.Kind.SERVER_UNAVAILABLE) {
                disconnect(c);
            }
            throw new MailNotSentException(refused);
        } catch (MessagingException e) {
            disconnect(c);
            throw new MailNotSentException(e);
        } catch (RuntimeException e) {
            disconnect(c);
            throw e;
        }
    }

    private void sendOn(Connection c, MimeMessage message) throws MessagingException {
        connected(c).sendMessage(message, message.getAllRecipients());
        c.lastUsed = System.nanoTime();
        if (++c.sent >= MESSAGES_PER_CONNECTION) {
            disconnect(c);
        }
    }

    /**
     * The thread's open connection, else a new one. One idle for {@link #IDLE_CHECK_NANOS} is checked
     * first (an SMTP NOOP); one in use is not.
     */
    private Transport connected(Connection c) throws MessagingException {
        if (c.transport != null && System.nanoTime() - c.lastUsed >= IDLE_CHECK_NANOS && !c.transport.isConnected()) {
            disconnect(c);
        }
        if (c.transport == null) {
            Transport t = server.getSession().getTransport(server.getProtocol() == null ? "smtp" : server.getProtocol());
            t.connect(server.getHost(), server.getPort(), server.getUsername(), server.getPassword());
            c.transport = t;
            c.sent = 0;
            c.lastUsed = System.nanoTime();
            connections.add(c);
        }
        return c.transport;
    }

    private void disconnect(Connection c) {
        Transport t = c.transport;
        c.transport = null;
        connections.remove(c);
        if (t != null) {
            try {
                t.close();
            } catch (MessagingException e) {
                log.debug("Closing the SMTP connection failed: {}", e.getMessage());
            }
        }
    }

    /** Closes every thread's connection (the application stops; the stream threads have stopped before). */
    @Override
    public void destroy() {
        for (Connection c : java.util.List.copyOf(connections)) {
            disconnect(c);
        }
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
