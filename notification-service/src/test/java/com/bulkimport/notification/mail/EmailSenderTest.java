package com.bulkimport.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.bulkimport.pipeline.PasswordKeyProperties;
import com.bulkimport.events.NotificationRequested;
import com.bulkimport.events.NotificationRequested.Kind;
import com.bulkimport.events.PasswordSealer;
import com.bulkimport.notification.ScriptedSmtpServer;
import com.bulkimport.notification.delivery.SendingPool;
import com.bulkimport.notification.delivery.SmtpFailure;

/**
 * The real sender against a real (scripted) SMTP server: what it throws for each reply, how that
 * is read (wait for the server, try later, give up), and that it keeps its connection.
 */
class EmailSenderTest {

    private static final String KEY = PasswordSealer.newKey();
    private static ScriptedSmtpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ScriptedSmtpServer(address -> {
            if (address.startsWith("unknown")) {
                return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown";
            }
            if (address.startsWith("busy")) {
                return "451 4.3.0 <" + address + ">: Temporary lookup failure, try again later";
            }
            if (address.startsWith("full")) {
                return "452 4.2.2 <" + address + ">: Mailbox full";
            }
            return "250 2.1.5 OK";
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void shouldGiveUpAnEmailTheServerRefusesWithA5xxReplyAndKeepItsReply() {
        SmtpFailure failure = SmtpFailure.of(sendTo(server.port(), "unknown.user@demo.example"));

        assertThat(failure.kind()).isEqualTo(SmtpFailure.Kind.REFUSED);
        assertThat(failure.reason()).startsWith("mail server replied 550 5.1.1").contains("User unknown");
        assertThat(failure.exception()).endsWith("SMTPAddressFailedException");
    }

    @Test
    void shouldTryAgainLaterAnEmailTheServerRefusesWithA4xxReply() {
        assertThat(SmtpFailure.of(sendTo(server.port(), "busy@demo.example")))
                .satisfies(f -> assertThat(f.kind()).isEqualTo(SmtpFailure.Kind.REFUSED_FOR_NOW))
                .satisfies(f -> assertThat(f.reason()).contains("451 4.3.0"));
        assertThat(SmtpFailure.of(sendTo(server.port(), "full@demo.example")).kind())
                .isEqualTo(SmtpFailure.Kind.REFUSED_FOR_NOW);
    }

    @Test
    void shouldWaitForTheServerWhenNothingListens() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        SmtpFailure failure = SmtpFailure.of(sendTo(closedPort, "ann@demo.example"));

        assertThat(failure.kind()).isEqualTo(SmtpFailure.Kind.SERVER_UNAVAILABLE);
        assertThat(failure.reason()).startsWith("mail server unreachable").containsIgnoringCase("refused");
    }

    @Test
    void shouldWaitForTheServerWhenItAnswers421() throws Exception {
        try (ScriptedSmtpServer closing = new ScriptedSmtpServer(a -> "250 OK")) {
            closing.greeting("421 4.3.2 Service shutting down");
            assertThat(SmtpFailure.of(sendTo(closing.port(), "ann@demo.example")).kind())
                    .isEqualTo(SmtpFailure.Kind.SERVER_UNAVAILABLE);
        }
    }

    @Test
    void shouldGiveUpWhatCanNeverBeSent() {
        // an address that is not one
        assertThat(SmtpFailure.of(sendTo(server.port(), "ann.lee-at-demo.example")).kind()).isEqualTo(SmtpFailure.Kind.REFUSED);
        // a password request without a password, or sealed with another key
        EmailSender sender = sender(server.port());
        var noPassword = new NotificationRequested("i1", "demo", 2, Kind.TEMPORARY_PASSWORD, "ann@demo.example",
                "ann@demo.example", "Ann", "Demo", null);
        assertThat(SmtpFailure.of(catchThrowable(() -> sender.send(noPassword))).kind()).isEqualTo(SmtpFailure.Kind.REFUSED);
        var otherKey = new NotificationRequested("i1", "demo", 2, Kind.TEMPORARY_PASSWORD, "ann@demo.example",
                "ann@demo.example", "Ann", "Demo",
                new PasswordSealer(PasswordSealer.newKey()).seal("secret-Pw-1", PasswordSealer.contextFor("i1", 2)));
        SmtpFailure wrongKey = SmtpFailure.of(catchThrowable(() -> sender.send(otherKey)));
        assertThat(wrongKey.kind()).isEqualTo(SmtpFailure.Kind.REFUSED);
        assertThat(wrongKey.reason()).contains("wrong key").doesNotContain("secret-Pw-1");
        // and an exception nobody expected (a bug) is not retried forever
        assertThat(SmtpFailure.of(new IllegalStateException("bug")).reason()).isEqualTo("cannot send: bug");
    }

    @Test
    void shouldKeepOneConnectionForManyEmailsAndSendOnANewOneWhenTheServerDroppedIt() throws Exception {
        try (ScriptedSmtpServer counting = new ScriptedSmtpServer(a -> a.startsWith("unknown") ? "550 5.1.1 unknown" : "250 OK")) {
            EmailSender sender = sender(counting.port());
            for (int i = 0; i < 5; i++) {
                sender.send(welcome("user" + i + "@demo.example"));
            }
            // a refused recipient does not spoil the connection
            catchThrowable(() -> sender.send(welcome("unknown@demo.example")));
            sender.send(welcome("user5@demo.example"));
            assertThat(counting.connections()).isEqualTo(1);

            // When the server drops the connection (no NOOP before each email finds it out)
            counting.dropConnections();
            sender.send(welcome("user6@demo.example"));

            // Then the email goes once, on a new connection: nothing was accepted on the dropped one
            assertThat(counting.connections()).isEqualTo(2);
            assertThat(counting.accepted()).hasSize(7).doesNotContain("unknown@demo.example")
                    .containsOnlyOnce("user6@demo.example");
            sender.destroy();
        }
    }

    @Test
    void shouldSendABatchSideBySideOverAtMostThePoolsConnections() throws Exception {
        try (ScriptedSmtpServer slow = new ScriptedSmtpServer(a -> "250 OK");
                SendingPool pool = new SendingPool(4)) {
            // Given a server that takes 50 ms per recipient
            slow.rcptDelay(java.time.Duration.ofMillis(50));
            EmailSender sender = sender(slow.port());
            List<NotificationRequested> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(welcome("user" + i + "@demo.example"));
            }

            // When a batch of 40 is sent through the pool of 4 connections
            List<SendingPool.Outcome> outcomes = pool.sendAll(sender, batch);

            // Then every email went, once, over 4 SMTP sessions at most, several at the same time
            assertThat(outcomes).hasSize(40).allSatisfy(o -> assertThat(o.sent()).isTrue());
            assertThat(slow.accepted()).hasSize(40).doesNotHaveDuplicates();
            assertThat(slow.connections()).isBetween(2, 4);
            assertThat(slow.mostAtOnce()).isBetween(2, 4);
            System.out.printf("Batch of 40 over a pool of 4: %d SMTP sessions, at most %d emails at once%n",
                    slow.connections(), slow.mostAtOnce());
            sender.destroy();
        }
    }

    @Test
    void shouldSendWhenTheServerAccepts() {
        assertThat(sendTo(server.port(), "ann@demo.example")).isNull();
        assertThat(server.accepted()).contains("ann@demo.example");
    }

    private static Throwable sendTo(int port, String to) {
        EmailSender sender = sender(port);
        try {
            return catchThrowable(() -> sender.send(welcome(to)));
        } finally {
            sender.destroy();
        }
    }

    private static NotificationRequested welcome(String to) {
        return new NotificationRequested("i1", "demo", 2, Kind.WELCOME, to, to, "Ann Lee", "Demo Company", null);
    }

    private static EmailSender sender(int port) {
        JavaMailSenderImpl server = new JavaMailSenderImpl();
        server.setHost("127.0.0.1");
        server.setPort(port);
        Properties p = new Properties();
        p.put("mail.smtp.connectiontimeout", "2000");
        p.put("mail.smtp.timeout", "2000");
        server.setJavaMailProperties(p);
        MailSettings mail = new MailSettings("no-reply@bulk.example", "https://login.demo.example");
        return new EmailSender(server, new PasswordKeyProperties(KEY),
                new EmailComposer(new MailTemplates().mailTemplateEngine(), mail), mail);
    }
}
