/**
 * The row rules: one small check per column concern ({@link com.bulkimport.validation.rules.RowRule}),
 * all run on every row from one table ({@link com.bulkimport.validation.rules.RowRules}).
 */
package com.bulkimport.validation.rules;
