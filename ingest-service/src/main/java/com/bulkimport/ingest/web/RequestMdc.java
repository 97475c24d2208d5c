package com.bulkimport.ingest.web;

import java.util.Map;

import org.slf4j.MDC;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.bulkimport.pipeline.RecordMdc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request about an account or one of its imports ({@code /api/accounts/{accountId}/imports/{importId}/...})
 * is handled with them in the logging context, under the same keys as the pipeline's records
 * ({@link RecordMdc}): every log line written meanwhile carries them. The upload adds the import id
 * once it has made it. Both are removed when the request is done, or handed to another thread (the
 * progress stream), so a server thread never carries them into the next request.
 */
@Configuration
class RequestMdc implements WebMvcConfigurer, AsyncHandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/accounts/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            put(RecordMdc.ACCOUNT_ID, variables.get(RecordMdc.ACCOUNT_ID));
            put(RecordMdc.IMPORT_ID, variables.get(RecordMdc.IMPORT_ID));
        }
        return true;
    }

    @Override
    public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response, Object handler) {
        clear();
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
        clear();
    }

    private static void put(String key, Object value) {
        if (value != null) {
            MDC.put(key, value.toString());
        }
    }

    private static void clear() {
        MDC.remove(RecordMdc.ACCOUNT_ID);
        MDC.remove(RecordMdc.IMPORT_ID);
    }
}
