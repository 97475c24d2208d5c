/**
 * The imports being gathered: each row checked as it arrives and kept
 * ({@link com.bulkimport.validation.gate.ImportGatherer}), and the gate decided once when the last
 * row is in ({@link com.bulkimport.validation.gate.ImportGate}).
 */
package com.bulkimport.validation.gate;
