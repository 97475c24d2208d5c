/**
 * The notification service: sends the temporary-password and welcome emails that provisioning
 * asks for, over SMTP, once, and reports each as sent or failed. It decides nothing about who gets
 * what: provisioning applies the delivery option, {@code CONNECT} and silent mode when it asks.
 */
package com.bulkimport.notification;
