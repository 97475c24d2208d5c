package com.bulkimport.pipeline;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.function.Function;

import org.slf4j.MDC;

import com.bulkimport.events.AccountKeyed;

/**
 * The account id and import id of the record being handled, in the logging context (SLF4J's MDC)
 * under {@value #ACCOUNT_ID} and {@value #IMPORT_ID}: every log line written meanwhile carries
 * them, in the structured (JSON) logs as fields. The account is the record's own
 * ({@link AccountKeyed}) or its key (every topic is keyed by account id); the import is the record's
 * {@code importId} component, where it has one.
 * <p>
 * Opened around each record ({@link PipelineTopology}'s processors, ingest's requests) and closed
 * after it; closing puts back what was there before, so a record forwarded to the next processor
 * in the same thread leaves the first one's context as it was.
 */
public final class RecordMdc implements AutoCloseable {

    public static final String ACCOUNT_ID = "accountId";
    public static final String IMPORT_ID = "importId";

    /** Each record class's {@code importId} accessor, found once; null for a class without one. */
    private static final ClassValue<Function<Object, Object>> IMPORT_IDS = new ClassValue<>() {
        @Override
        protected Function<Object, Object> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(IMPORT_ID)).findFirst()
                    .map(RecordComponent::getAccessor).map(RecordMdc::reader).orElse(null);
        }
    };

    private final String accountBefore;
    private final String importBefore;

    private RecordMdc(String accountId, String importId) {
        this.accountBefore = MDC.get(ACCOUNT_ID);
        this.importBefore = MDC.get(IMPORT_ID);
        set(ACCOUNT_ID, accountId);
        set(IMPORT_ID, importId);
    }

    /** The context of a record with this key and value (either may be null). */
    public static RecordMdc of(Object key, Object value) {
        String accountId = value instanceof AccountKeyed keyed && keyed.accountId() != null ? keyed.accountId()
                : key instanceof String s ? s : null;
        Function<Object, Object> importIdOf = value == null ? null : IMPORT_IDS.get(value.getClass());
        Object importId = importIdOf == null ? null : importIdOf.apply(value);
        return new RecordMdc(accountId, importId == null ? null : importId.toString());
    }

    /** The context of a request about an account and, where known, one of its imports. */
    public static RecordMdc of(String accountId, String importId) {
        return new RecordMdc(accountId, importId);
    }

    @Override
    public void close() {
        set(ACCOUNT_ID, accountBefore);
        set(IMPORT_ID, importBefore);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static Function<Object, Object> reader(Method accessor) {
        return value -> {
            try {
                return accessor.invoke(value);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        };
    }
}
