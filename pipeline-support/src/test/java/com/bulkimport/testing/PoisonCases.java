package com.bulkimport.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclaration;
import org.junit.jupiter.params.support.ParameterDeclarations;

/**
 * A poison-record test run for each topic a service reads, the constants of the enum that is the
 * method's first parameter, with each {@link Poison}, its second: {@code void should…(Input input,
 * Poison poison)}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{1} on {0}")
@ArgumentsSource(PoisonCases.EachInputWithEachPoison.class)
public @interface PoisonCases {

    /** The arguments: each input with each kind of poison. */
    final class EachInputWithEachPoison implements ArgumentsProvider {

        @Override
        public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
            Class<?> inputs = parameters.getFirst().map(ParameterDeclaration::getParameterType).orElse(Void.class);
            if (!inputs.isEnum()) {
                throw new IllegalArgumentException("@PoisonCases on " + parameters.getSourceElementDescription()
                        + ": the first parameter must be the enum of the topics read, not " + inputs.getSimpleName());
            }
            return Stream.of(inputs.getEnumConstants())
                    .flatMap(input -> Stream.of(Poison.values()).map(poison -> Arguments.of(input, poison)));
        }
    }
}
