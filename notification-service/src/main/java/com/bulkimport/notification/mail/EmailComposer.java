package com.bulkimport.notification.mail;

import org.springframework.mail.SimpleMailMessage;
import org.springframework.stereotype.Component;

import com.bulkimport.events.NotificationRequested;

/** The words of each email. The password is in the body only, never in the subject. */
@Component
class EmailComposer {

    SimpleMailMessage compose(NotificationRequested request, String password) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setTo(request.to());
        switch (request.kind()) {
            case TEMPORARY_PASSWORD -> {
                message.setSubject("Your temporary password for " + request.accountName());
                message.setText("""
                        Hello,

                        An account was created for %s (login: %s) on %s.

                        Temporary password: %s

                        Sign in with your login and this password; you will be asked to choose a new one.
                        """.formatted(request.displayName(), request.userEmail(), request.accountName(), password));
            }
            case WELCOME -> {
                message.setSubject("Welcome to " + request.accountName());
                message.setText("""
                        Hello %s,

                        Welcome to %s. Your phone, meetings and messaging are ready.
                        Your login is %s.
                        """.formatted(request.displayName(), request.accountName(), request.userEmail()));
            }
        }
        return message;
    }
}
