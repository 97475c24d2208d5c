package com.bulkimport.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/** The words of the emails, from the real templates and the real Thymeleaf engine. */
class EmailComposerTest {

    private static final String PASSWORD = "Xy7-pass=Word#99";
    private final EmailComposer composer = new EmailComposer(new MailTemplates().mailTemplateEngine(),
            new MailSettings(null, "https://login.demo.example"));

    @Test
    void shouldWriteThePasswordEmailToTheUserWithThePasswordInTheBodiesOnly() {
        var email = composer.compose(request(Kind.TEMPORARY_PASSWORD, "ann.lee@demo.example"), PASSWORD);

        assertThat(email.subject()).isEqualTo("Your temporary password for Demo Company").doesNotContain(PASSWORD);
        assertThat(email.text()).contains("Hello Ann Lee,", "Login: ann.lee@demo.example",
                "\nTemporary password: " + PASSWORD + "\n", "https://login.demo.example", "Demo Company")
                .doesNotContain("[(", "th:", "pass it on");
        assertThat(email.html()).contains("<strong>Demo Company</strong>", ">ann.lee@demo.example<", ">" + PASSWORD + "<",
                "href=\"https://login.demo.example\"").doesNotContain("th:", "pass this one on");
    }

    @Test
    void shouldSayWhichUserItIsForWhenThePasswordGoesToASpecifiedAddress() {
        var email = composer.compose(request(Kind.TEMPORARY_PASSWORD, "it-desk@demo.example"), PASSWORD);

        assertThat(email.subject()).isEqualTo("The temporary password for Ann Lee at Demo Company");
        assertThat(email.subject().toLowerCase()).contains("temporary password");
        assertThat(email.text()).startsWith("Hello,\n").contains("for Ann Lee", "pass this\none on to Ann Lee",
                "User: Ann Lee", "Login: ann.lee@demo.example", "\nTemporary password: " + PASSWORD + "\n");
        assertThat(email.html()).contains("pass this one on to", ">Ann Lee<", ">" + PASSWORD + "<");
    }

    @Test
    void shouldWelcomeTheUserWithLoginAndSignInAddressAndNoPassword() {
        var email = composer.compose(request(Kind.WELCOME, "ann.lee@demo.example"), null);

        assertThat(email.subject()).isEqualTo("Welcome to Demo Company");
        assertThat(email.text()).contains("Hello Ann Lee,", "Welcome to Demo Company", "Login: ann.lee@demo.example",
                "Sign in at: https://login.demo.example").doesNotContainIgnoringCase("temporary password:");
        assertThat(email.html()).contains("<strong>Demo Company</strong>", "href=\"https://login.demo.example\"");
    }

    @Test
    void shouldEscapeWhatTheSpreadsheetSaysInTheHtmlBody() {
        var request = new NotificationRequested("i1", "demo", 2, Kind.WELCOME, "ann.lee@demo.example", "ann.lee@demo.example",
                "<script>alert(1)</script> & Co", "Demo \"Company\"", null);

        var email = composer.compose(request, null);

        assertThat(email.html()).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
        assertThat(email.text()).contains("Hello <script>alert(1)</script> & Co,");
    }

    @Test
    void shouldWriteAMultipartAlternativeMessageWithAStableMessageId() throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeMessage first = composer.write(session, request(Kind.TEMPORARY_PASSWORD, "ann.lee@demo.example"), PASSWORD,
                "no-reply@bulk.example");
        MimeMessage again = composer.write(session, request(Kind.TEMPORARY_PASSWORD, "ann.lee@demo.example"), PASSWORD,
                "no-reply@bulk.example");

        assertThat(first.getFrom()[0].toString()).isEqualTo("no-reply@bulk.example");
        assertThat(first.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ann.lee@demo.example");
        assertThat(first.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) first.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(first.getMessageID()).isEqualTo("<temporary-password.2.i1@bulk.example>")
                .isEqualTo(again.getMessageID());
    }

    @Test
    void shouldGiveEachPartTheTransferEncodingJakartaMailWouldChooseForAsciiAndQuotedPrintableOtherwise() throws Exception {
        for (String body : List.of("Hello Ann,\r\nYour password: Xy7=pass\r\n", "x".repeat(998) + "\ny", "x".repeat(999),
                "Hello Zoë Ångström,\n", "Hello Ann\u0000", "bell\u0007", "tab\there\r\n", "")) {
            String expected = MimeUtility.getEncoding(new DataHandler(body, "text/plain; charset=UTF-8"));
            assertThat(EmailComposer.transferEncoding(body)).as(body)
                    .isEqualTo(expected.equals("base64") ? "quoted-printable" : expected);
        }
        MimeMessage message = composer.write(Session.getInstance(new Properties()),
                request(Kind.TEMPORARY_PASSWORD, "ann.lee@demo.example"), PASSWORD, "no-reply@bulk.example");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            assertThat(parts.getBodyPart(i).getHeader("Content-Transfer-Encoding")).containsExactly("7bit");
            assertThat((String) parts.getBodyPart(i).getContent()).contains(PASSWORD);
        }
    }

    @Test
    void shouldRefuseAnAddressThatIsNotOne() {
        assertThatThrownBy(() -> composer.write(Session.getInstance(new Properties()),
                request(Kind.WELCOME, "ann.lee-at-demo.example"), null, "no-reply@bulk.example"))
                .isInstanceOf(MessagingException.class).isInstanceOf(AddressException.class);
    }

    private static NotificationRequested request(Kind kind, String to) {
        return new NotificationRequested("i1", "demo", 2, kind, to, "ann.lee@demo.example", "Ann Lee", "Demo Company",
                kind == Kind.TEMPORARY_PASSWORD ? "sealed" : null);
    }
}
