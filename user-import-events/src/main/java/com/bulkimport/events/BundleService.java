package com.bulkimport.events;

/**
 * A service of the unified-communications bundle that a licence bundle installs on an account
 * (SPEC: "the services CONNECT, MEET, SHARE are installed"): not one of the pipeline's own services.
 */
public enum BundleService {
    CONNECT, MEET, SHARE
}
