/**
 * What {@code ./run.sh} needs besides the broker's and the mail catcher's own jars: a probe that
 * says when the local Kafka broker is usable. Not part of the product.
 */
package com.bulkimport.localrun;
