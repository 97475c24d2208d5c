package com.bulkimport.notification.delivery;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;

/**
 * Why an email was not sent, and so what to do about it.
 *
 * @param kind what to do
 * @param reason what happened, in a line (the mail server's reply when it gave one); never holds a password
 * @param exception the class of the exception that says it best
 */
public record SmtpFailure(Kind kind, String reason, String exception) {

    public enum Kind {
        /** The mail server cannot be reached, or will not serve anyone now: every email waits for it. */
        SERVER_UNAVAILABLE,
        /** The mail server refused this email for now (a 4xx reply): try it again later. */
        REFUSED_FOR_NOW,
        /** This email can never go as it is (a 5xx reply, an address that is not one, no password): give it up. */
        REFUSED
    }

    private static final int MAX_REASON = 300;

    /** Reads an exception thrown by {@link Mailer#send}: the SMTP reply code first, then the kind of exception. */
    public static SmtpFailure of(Throwable thrown) {
        List<Throwable> chain = chain(thrown);
        for (Throwable t : chain) {
            int code = replyCode(t);
            if (code >= 400) {
                Kind kind = code == 421 ? Kind.SERVER_UNAVAILABLE : code < 500 ? Kind.REFUSED_FOR_NOW : Kind.REFUSED;
                return new SmtpFailure(kind, "mail server replied " + oneLine(t.getMessage()), t.getClass().getName());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof AuthenticationFailedException || t instanceof MailAuthenticationException) {
                return new SmtpFailure(Kind.SERVER_UNAVAILABLE, "mail server refused the login: " + oneLine(t.getMessage()),
                        t.getClass().getName());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof UnsendableEmailException || t instanceof AddressException || t instanceof MailParseException
                    || t instanceof MailPreparationException) {
                return new SmtpFailure(Kind.REFUSED, oneLine(t.getMessage()), t.getClass().getName());
            }
        }
        // the deepest I/O trouble says it best: "Connection refused", "Read timed out"
        for (int i = chain.size() - 1; i >= 0; i--) {
            Throwable t = chain.get(i);
            if (t instanceof IOException) {
                return new SmtpFailure(Kind.SERVER_UNAVAILABLE, "mail server unreachable: " + oneLine(t.getMessage()),
                        t.getClass().getName());
            }
        }
        for (Throwable t : chain) {
            if (t instanceof MailSendException || t instanceof MessagingException) {
                // the conversation broke off without a reply code (the server went away): try again later
                return new SmtpFailure(Kind.SERVER_UNAVAILABLE, "mail server unreachable: " + oneLine(t.getMessage()),
                        t.getClass().getName());
            }
        }
        return new SmtpFailure(Kind.REFUSED, "cannot send: " + oneLine(String.valueOf(thrown.getMessage())),
                thrown.getClass().getName());
    }

    private static int replyCode(Throwable t) {
        if (t instanceof SMTPAddressFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSenderFailedException e) {
            return e.getReturnCode();
        }
        if (t instanceof SMTPSendFailedException e) {
            return e.getReturnCode();
        }
        return -1;
    }

    /** The exception, its causes, the exceptions chained to a MessagingException, and those per message of a MailSendException. */
    private static List<Throwable> chain(Throwable thrown) {
        List<Throwable> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>();
        next.add(thrown);
        while (!next.isEmpty()) {
            Throwable t = next.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            all.add(t);
            if (t instanceof MailSendException m) {
                next.addAll(m.getFailedMessages().values());
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                next.add(m.getNextException());
            }
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
        }
        return all;
    }

    private static String oneLine(String message) {
        String line = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_REASON ? line.substring(0, MAX_REASON) + "…" : line;
    }
}
