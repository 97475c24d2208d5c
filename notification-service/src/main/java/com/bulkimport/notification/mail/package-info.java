/** Writing an email from its templates and sending it over SMTP. */
package com.bulkimport.notification.mail;
