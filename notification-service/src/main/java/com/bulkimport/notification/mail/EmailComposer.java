package com.bulkimport.notification.mail;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import com.bulkimport.events.NotificationRequested;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * The words of each email, from the templates in {@code templates/mail/}: a subject, a plain-text
 * body and an HTML body, sent as {@code multipart/alternative}. The password is in the bodies
 * only, never in the subject. When the password goes to another address than the user's, the
 * email names the user it is for.
 */
@Component
public class EmailComposer {

    /** What one email says. */
    public record Email(String subject, String text, String html) {
    }

    /**
     * Jakarta Mail 2.1 finds its {@code StreamProvider} again for every body part, multipart and
     * encoded header it makes, through a {@code ServiceLoader} scan of the whole class path
     * (jakartaee/mail-api issues 699 and 861): more than half of the sending threads' time in the
     * benchmark's profile (JFR). Named by this system property, the provider is made directly
     * instead. Set unless already set (an operator's own choice wins); Angus Mail is the
     * implementation on our class path.
     */
    static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

    static {
        System.getProperties().putIfAbsent(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    private final ITemplateEngine templates;
    private final String signInUrl;

    public EmailComposer(@Qualifier("mailTemplateEngine") ITemplateEngine templates,
            MailSettings mail) {
        this.templates = templates;
        this.signInUrl = mail.signInUrl();
    }

    public Email compose(NotificationRequested request, String password) {
        String template = switch (request.kind()) {
            case TEMPORARY_PASSWORD -> "temporary-password";
            case WELCOME -> "welcome";
        };
        String login = blank(request.userEmail()) ? request.to() : request.userEmail();
        Context values = new Context(Locale.ENGLISH);
        values.setVariable("accountName", blank(request.accountName()) ? request.accountId() : request.accountName());
        values.setVariable("displayName", blank(request.displayName()) ? login : request.displayName());
        values.setVariable("login", login);
        values.setVariable("forSomeoneElse", !request.to().strip().equalsIgnoreCase(login.strip()));
        values.setVariable("password", password);
        values.setVariable("signInUrl", signInUrl);
        String subject = templates.process(template + "-subject.txt", values).replaceAll("\\s+", " ").strip();
        values.setVariable("subject", subject);
        return new Email(subject, templates.process(template + ".txt", values), templates.process(template + ".html", values));
    }

    /**
     * A message ready to send: sender, recipient, subject, both bodies, and a Message-ID made from
     * the email's import, row and kind, the same each time the same email is written.
     */
    public MimeMessage write(jakarta.mail.Session session, NotificationRequested request, String password, String from)
            throws MessagingException {
        Email email = compose(request, password);
        String messageId = "<" + request.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + "." + request.row()
                + "." + request.importId() + "@" + domainOf(from) + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        InternetAddress sender = new InternetAddress(from, true);
        InternetAddress recipient = new InternetAddress(request.to().strip(), true);
        recipient.validate();
        message.setFrom(sender);
        message.setRecipient(Message.RecipientType.TO, recipient);
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());

        MimeBodyPart text = part(email.text(), "plain");
        MimeBodyPart html = part(email.html(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /**
     * A body part of the text, its transfer encoding given: without one, Jakarta Mail finds it by
     * encoding the whole text once more before sending it ({@code MimeUtility.getEncoding}), a
     * tenth of what writing an email cost.
     */
    private static MimeBodyPart part(String body, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(body, StandardCharsets.UTF_8.name(), subtype);
        part.setHeader("Content-Transfer-Encoding", transferEncoding(body));
        return part;
    }

    /**
     * The transfer encoding of a text: {@code 7bit} when it is ASCII in lines of at most 998
     * characters (no control character but tab), as Jakarta Mail would choose; otherwise
     * {@code quoted-printable}, which carries any text (where Jakarta Mail would choose base64 for
     * a text mostly not ASCII).
     */
    static String transferEncoding(String body) {
        int line = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\r' || c == '\n') {
                line = 0;
            } else if (c >= 0x7f || (c < 0x20 && c != '\t') || ++line > 998) {
                return "quoted-printable";
            }
        }
        return "7bit";
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).replaceAll("[^A-Za-z0-9.-]", "");
        return domain.isEmpty() ? "bulkimport.local" : domain;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
