package com.bulkimport.events;

/** The services of the unified-communications bundle that an account may have installed. */
public enum Service {
    CONNECT, MEET, SHARE
}
