package com.bulkimport.notification;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real SMTP server over TCP, for the replies GreenMail does not give: it answers each recipient
 * with what the test scripts (for example {@code 550 5.1.1} for an unknown mailbox, {@code 451}
 * for "try later"), and keeps the recipients whose message it accepted.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Function<String, String> rcptReply;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final List<String> rcptSeen = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile String greeting = "220 scripted ESMTP";
    private volatile long rcptDelayMs;
    private final java.util.concurrent.atomic.AtomicInteger inRcpt = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInRcptAtOnce = new java.util.concurrent.atomic.AtomicInteger();

    /** @param rcptReply the reply to {@code RCPT TO} for an address, such as {@code "250 OK"} or {@code "550 5.1.1 unknown"} */
    public ScriptedSmtpServer(Function<String, String> rcptReply) throws IOException {
        this(0, rcptReply);
    }

    /** On a given port (0: any free one). */
    public ScriptedSmtpServer(int port, Function<String, String> rcptReply) throws IOException {
        this.rcptReply = rcptReply;
        this.socket = new ServerSocket();
        this.socket.setReuseAddress(true);
        this.socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        Thread acceptor = new Thread(this::acceptAll, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** What the server says when a client connects, for example {@code "421 4.3.2 shutting down"}. */
    public void greeting(String line) {
        this.greeting = line;
    }

    /** The recipients whose message was accepted, once per message. */
    public List<String> accepted() {
        return accepted;
    }

    /** How many SMTP connections clients opened. */
    public int connections() {
        return connections.get();
    }

    /** Makes each {@code RCPT TO} take this long to answer (a slow server), so that clients sending side by side overlap. */
    public void rcptDelay(java.time.Duration delay) {
        this.rcptDelayMs = delay.toMillis();
    }

    /** The most {@code RCPT TO} commands the server was answering at once: how many clients sent side by side. */
    public int mostAtOnce() {
        return mostInRcptAtOnce.get();
    }

    /** Drops every open connection, as a server that restarts or times idle clients out does. */
    public void dropConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
    }

    /** Every address given in a {@code RCPT TO}, refused or not. */
    public List<String> rcptSeen() {
        return rcptSeen;
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                open.add(client);
                Thread t = new Thread(() -> converse(client), "scripted-smtp-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) {
        try (client; var in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = client.getOutputStream()) {
            String hello = greeting;
            reply(out, hello);
            if (!hello.startsWith("2")) {
                return;
            }
            String recipient = null;
            boolean recipientOk = false;
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase();
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250 scripted");
                } else if (command.startsWith("MAIL FROM")) {
                    recipient = null;
                    recipientOk = false;
                    reply(out, "250 2.1.0 OK");
                } else if (command.startsWith("RCPT TO")) {
                    recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    rcptSeen.add(recipient);
                    int now = inRcpt.incrementAndGet();
                    mostInRcptAtOnce.accumulateAndGet(now, Math::max);
                    try {
                        if (rcptDelayMs > 0) {
                            Thread.sleep(rcptDelayMs);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        inRcpt.decrementAndGet();
                    }
                    String answer = rcptReply.apply(recipient);
                    recipientOk = answer.startsWith("2");
                    reply(out, answer);
                } else if (command.startsWith("DATA")) {
                    if (!recipientOk) {
                        reply(out, "503 5.5.1 no valid recipients");
                        continue;
                    }
                    reply(out, "354 go ahead");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the message: not kept
                    }
                    accepted.add(recipient);
                    reply(out, "250 2.0.0 queued");
                } else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
                    reply(out, "250 2.0.0 OK");
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 2.0.0 bye");
                    return;
                } else {
                    reply(out, "500 5.5.2 unknown command");
                }
            }
        } catch (IOException e) {
            // the client went away
        } finally {
            open.remove(client);
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        dropConnections();
    }
}
