/**
 * What {@code ./run.sh} needs besides the broker's and the mail catcher's own jars: a probe that
 * says when the local Kafka broker is usable; and the HTTP probe that {@code docker-compose.yml}'s
 * health checks run in images without curl. Not part of the product.
 */
package com.bulkimport.localrun;
